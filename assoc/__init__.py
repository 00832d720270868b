"""assoc: simulations of associative memory in JAX.

Submodules: `rules` (memory rules by name), `couplings`, `patterns`,
`hopfield` (classical networks), `sweep` (the sharded sweep engine) and
`experiment` (the run contract: config.json, results.jsonl, resume, progress).
"""

__version__ = "0.1.0"

from assoc import _xla_flags

_xla_flags.apply()  # before any JAX backend exists; see assoc/_xla_flags.py
