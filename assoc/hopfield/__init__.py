"""Classical Hopfield networks and dense memories: dynamics and trials."""

from assoc.hopfield.dynamics import (Result, TIES, sign, unstable, zero_t_async,
                                     zero_t_sync)
from assoc.hopfield.trials import (DYNAMICS, fixed_point_trial, glauber_trial,
                                   retrieval_trial)

__all__ = ["DYNAMICS", "Result", "TIES", "fixed_point_trial", "glauber_trial",
           "retrieval_trial", "sign", "unstable", "zero_t_async", "zero_t_sync"]
