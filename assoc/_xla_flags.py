"""CPU settings that JAX needs here, applied when assoc is imported.

1. An XLA CPU bug of the pinned jaxlib (0.10.2): a dot followed by a
   reduction is fused into one YNNPACK kernel ("__ynn_fusion", fusion type
   "reduce", on by default). When an operand of the dot is a broadcast (a
   constant matrix such as W_0 = 0, or a scalar broadcast to a matrix) and the
   matrices are 64 x 64 or larger, the kernel reads uninitialised memory:
   `jit(lambda E: jnp.sum(E @ jnp.zeros((128, 512)), 1))(jnp.ones((128, 128)))`
   returns NaN or garbage that changes from one compilation to the next. A
   softmax memory trained from W_0 = 0 hits it on its first step (the gradient
   at 0 is garbage), and XLA makes W constant wherever it can see it (a scan
   of length 1, for instance). `--xla_cpu_experimental_ynn_fusion_type=-reduce`
   in XLA_FLAGS removes that fusion type; results are then correct.

2. LAPACK threads. jaxlib's CPU linear algebra (SVD, eigh, solves) calls
   SciPy's OpenBLAS, which by default starts one spinning thread per core. The
   sweep engine already runs one JAX device per core, and on a loaded machine
   the spinning threads make a 128 x 128 SVD take 0.3-0.6 s instead of 1 ms
   (a 999 x 999 float64 SVD 9 s instead of 0.6 s). OPENBLAS_NUM_THREADS=1
   is set unless the user set it.

Both must be in the environment before JAX creates its CPU backend and before
SciPy's OpenBLAS is loaded, so `assoc/__init__.py` calls `apply()` first
thing (entry points and tests import assoc before computing). Settings the
user made explicitly are left alone.
"""

from __future__ import annotations

import os
import sys
import warnings

FLAG = "--xla_cpu_experimental_ynn_fusion_type=-reduce"


def apply() -> None:
  os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
  flags = os.environ.get("XLA_FLAGS", "")
  if "xla_cpu_experimental_ynn_fusion_type" in flags:
    return
  initialised = False
  if "jax" in sys.modules:
    try:  # private API: whether XLA_FLAGS can still take effect
      from jax._src import xla_bridge
      initialised = xla_bridge.backends_are_initialized()
    except Exception:  # pragma: no cover - layout of jax internals changed
      pass
  if initialised:
    warnings.warn(
        "assoc was imported after JAX initialised its backends, so the XLA CPU "
        f"workaround {FLAG} (see assoc/_xla_flags.py) is not active; import "
        "assoc first or set it in XLA_FLAGS", RuntimeWarning, stacklevel=3)
    return
  os.environ["XLA_FLAGS"] = f"{flags} {FLAG}".strip()
