"""Classical Hopfield networks: dynamics and retrieval trials."""

from assoc.hopfield.dynamics import (Result, TIES, sign, unstable, zero_t_async,
                                     zero_t_sync)
from assoc.hopfield.retrieval import DYNAMICS, retrieval_trial

__all__ = ["DYNAMICS", "Result", "TIES", "retrieval_trial", "sign", "unstable",
           "zero_t_async", "zero_t_sync"]
