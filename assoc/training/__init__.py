"""Training utilities: optimisers by name (`optimizers`) and segmented,
checkpointed training loops (`segments`)."""
