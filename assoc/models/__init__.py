"""Trainable models: the tiny transformer of the Muon component ablation."""
