"""The run contract: config.json checks, results.jsonl reading and repair,
progress, JSON values."""

import io
import json

import ml_collections
import numpy as np
import pytest

from assoc import experiment, progress, results


def _config(**kw):
  c = ml_collections.ConfigDict({"N": (100, 200), "alpha": (0.1,), "batch_size": 8,
                                 "opts": {"a": 1}})
  c.update(kw)
  return c


def test_config_json_written_then_checked(tmp_path):
  results.prepare_workdir(str(tmp_path), _config())
  saved = json.loads((tmp_path / "config.json").read_text())
  assert saved["N"] == [100, 200]
  results.prepare_workdir(str(tmp_path), _config())  # same: fine
  # Runtime-only fields may differ.
  results.prepare_workdir(str(tmp_path), _config(batch_size=64),
                             runtime_fields=("batch_size",))
  with pytest.raises(results.WorkdirError) as e:
    results.prepare_workdir(str(tmp_path), _config(alpha=(0.2,), opts={"a": 2}),
                               runtime_fields=("batch_size",))
  message = str(e.value)
  assert "alpha: saved [0.1], now [0.2]" in message
  assert "opts.a: saved 1, now 2" in message
  assert "N" not in message.split("Differences:")[1]


def test_read_records_drops_and_repairs_a_cut_last_line(tmp_path):
  path = tmp_path / "results.jsonl"
  results.append_records(str(path), [{"a": 1}, {"a": 2}])
  with open(path, "a") as f:
    f.write('{"a": 3, "b"')
  assert results.read_records(str(path)) == [{"a": 1}, {"a": 2}]
  assert path.read_text().endswith('"b"')  # reading alone changes nothing
  assert results.read_records(str(path), repair=True) == [{"a": 1}, {"a": 2}]
  assert path.read_text() == '{"a": 1}\n{"a": 2}\n'


def test_corrupt_record_in_the_middle_is_an_error(tmp_path):
  path = tmp_path / "results.jsonl"
  path.write_text('{"a": 1}\nnot json\n{"a": 2}\n')
  with pytest.raises(results.WorkdirError, match=":2: corrupt record"):
    results.read_records(str(path))


def test_axis():
  c = ml_collections.ConfigDict({"a": (1, 2), "b": (), "c": 3, "s": "x"})
  assert experiment.axis(c, "a") == (1, 2)
  assert experiment.axis(c, "c") == (3,)
  assert experiment.axis(c, "s") == ("x",)
  with pytest.raises(experiment.ConfigError, match="config.b is empty"):
    experiment.axis(c, "b")


def test_progress_reports_done_rate_and_eta():
  stream = io.StringIO()
  p = progress.Progress("sim", total=10, done=2, interval=0.0, stream=stream)
  p.update(3)
  lines = stream.getvalue().strip().splitlines()
  assert "resuming, 2/10 records" in lines[0]
  assert "sim: 5/10 records (50%)" in lines[1]
  assert "records/s" in lines[1] and "ETA" in lines[1]


def test_json_values():
  assert results.to_json_value(np.float32(0.995)) == 0.995
  assert results.to_json_value(np.int32(7)) == 7
  assert results.to_json_value(np.bool_(True)) is True
  assert results.to_json_value(np.arange(2)) == [0, 1]
  assert results.to_json_value("x") == "x"


def test_workdir_lock_refuses_a_second_holder_and_is_freed_by_a_kill(tmp_path):
  """One run per workdir: a second holder fails at once, naming the workdir;
  the same process may take it again (stages of one protocol); a killed
  holder leaves no stale lock."""
  import fcntl
  import os
  import signal
  import subprocess
  import sys

  workdir = str(tmp_path / "w")
  with results.locked(workdir):
    with results.locked(workdir):  # re-entrant within a process
      pass
    # Another open file description (as another process has) cannot take it.
    fd = os.open(os.path.join(workdir, results.LOCK_FILE), os.O_RDWR)
    with pytest.raises(BlockingIOError):
      fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.close(fd)
  # A process that holds the lock, then dies by SIGKILL.
  holder = subprocess.Popen(
      [sys.executable, "-c", "import fcntl, os, sys, time; "
       "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT); fcntl.flock(fd, fcntl.LOCK_EX); "
       "os.ftruncate(fd, 0); os.write(fd, b'pid %d, a test holder' % os.getpid()); "
       "print('held', flush=True); "
       "time.sleep(60)", os.path.join(workdir, results.LOCK_FILE)],
      stdout=subprocess.PIPE, text=True)
  assert holder.stdout.readline().strip() == "held"
  with pytest.raises(results.WorkdirError, match=f"{workdir} is in use by another run "
                     r"\(pid \d+, a test holder\)"):
    with results.locked(workdir):  # non-blocking: fails at once
      pass
  holder.send_signal(signal.SIGKILL)
  holder.wait()
  with results.locked(workdir):  # the kernel released it with the process
    pass


def test_compilation_cache_location_and_switch(monkeypatch, tmp_path):
  from assoc import cli
  monkeypatch.delenv(cli.CACHE_ENV, raising=False)
  monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
  assert cli.compilation_cache_dir() == str(tmp_path / "assoc" / "jax")
  monkeypatch.setenv(cli.CACHE_ENV, str(tmp_path / "mine"))
  assert cli.compilation_cache_dir() == str(tmp_path / "mine")
  for off in ("", "0", "off", "OFF"):
    monkeypatch.setenv(cli.CACHE_ENV, off)
    assert cli.compilation_cache_dir() is None
