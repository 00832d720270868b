"""assoc: simulations of associative memory in JAX.

Submodules: `rules` (memory rules by name), `couplings`, `patterns`,
`hopfield` (classical networks), `sweep` (the sharded sweep engine) and
`experiment` (the run contract: config.json, results.jsonl, resume, progress).
"""

__version__ = "0.1.0"
