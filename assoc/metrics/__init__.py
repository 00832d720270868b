"""Metrics of trained memories: spectral isotropy (`spectral`)."""
