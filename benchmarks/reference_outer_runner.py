"""Times the authors' grid runner on the 15 reference runs (run by
benchmarks/bench_outer_training.py in a Python that has PyTorch; not part
of assoc, imports nothing of it).

    PYTHON_WITH_TORCH benchmarks/reference_outer_runner.py RUNNER_DIR [THREADS]

RUNNER_DIR holds run.py and utils.py of facebookresearch/pal
(projects/scaling_law/grid_experiments). Each run is `run.run_exp(config)`
with the matrix model, Adam with betas (0, 0), learning rate 1 (run.py
divides it by d for W), batch size 16, ntrain 10240 (640 steps), N = 100,
M = 5, alpha = 2, d in {10, 100, 1000}, seeds 42..46, on THREADS torch
threads (default 2). One untimed run first (torch's first-call set-up);
then one JSON line per run on stdout: d, seed, error, seconds (the
run_exp call: model, data, the 640 steps and the evaluation; imports
excluded).

Current torch rejects Adam(betas=(0, 0)) given as integers; the betas are
cast to floats by a wrapper around torch.optim.Adam, run.py is not edited.
"""

import json
import logging
import sys
import time
import types


def main(runner_dir: str, threads: int) -> None:
  import torch
  torch.set_num_threads(threads)
  original = torch.optim.Adam

  class Adam(original):  # float betas: run.py passes the integers (0, 0)
    def __init__(self, params, *args, betas=(0.9, 0.999), **kwargs):
      super().__init__(params, *args, betas=tuple(float(b) for b in betas), **kwargs)

  torch.optim.Adam = Adam
  sys.path.insert(0, runner_dir)
  import run  # the authors' run.py
  logging.disable(logging.INFO)

  def config(d, seed):
    return types.SimpleNamespace(
        model="matrix", optimizer="Adam", learning_rate=1.0, batch_size=16, ntrain=10240,
        N=100, M=5, alpha=2.0, d=d, seed=seed, layernorm=False, weight_decay=0.0)

  run.run_exp(config(10, 0))  # untimed
  for d in (10, 100, 1000):
    for seed in range(42, 47):
      t = time.perf_counter()
      res = run.run_exp(config(d, seed))
      seconds = time.perf_counter() - t
      print(json.dumps({"d": d, "seed": seed, "error": res["error"], "seconds": seconds}),
            flush=True)


if __name__ == "__main__":
  main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2)
