"""Progress of a long run on stderr: records done of total, rate, ETA."""

from __future__ import annotations

import math
import sys
import time

from assoc.results import RESULTS_FILE


class Progress:
  """Records done of total, rate and ETA, on stderr, at most every `interval` s."""

  def __init__(self, name: str, total: int, done: int = 0,
               interval: float = 2.0, stream=None, enabled: bool = True,
               unit: str = "records"):
    self.name, self.total, self.start_done = name, total, done
    self.done = done
    self.interval = interval
    self.stream = stream or sys.stderr
    self.enabled = enabled
    self.unit = unit
    self.t0 = time.monotonic()
    self.last = -float("inf")
    if enabled and done:
      self._print(f"{self.name}: resuming, {done}/{total} {unit} already in {RESULTS_FILE}")

  def update(self, n: int) -> None:
    self.done += n
    now = time.monotonic()
    if now - self.last >= self.interval or self.done >= self.total:
      self.last = now
      self._print(self.message(now))

  def message(self, now: float | None = None) -> str:
    elapsed = (now or time.monotonic()) - self.t0
    new = self.done - self.start_done
    rate = new / elapsed if elapsed > 0 else float("nan")
    left = self.total - self.done
    eta = left / rate if rate > 0 else float("nan")
    pct = 100.0 * self.done / self.total if self.total else 100.0
    return (f"{self.name}: {self.done}/{self.total} {self.unit} ({pct:.0f}%), "
            f"{rate:.3g} {self.unit}/s, elapsed {hms(elapsed)}, ETA {hms(eta)}")

  def _print(self, message: str) -> None:
    if self.enabled:
      print(message, file=self.stream, flush=True)


def hms(seconds: float) -> str:
  """'m:ss' or 'h:mm:ss'; '?' for an unknown time."""
  if not math.isfinite(seconds):
    return "?"
  seconds = int(round(seconds))
  h, rem = divmod(seconds, 3600)
  m, s = divmod(rem, 60)
  return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
