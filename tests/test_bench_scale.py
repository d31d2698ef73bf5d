"""bench/scale.py: its memory measure sees child processes, its table states the growth."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from bench import scale


def test_tree_memory_counts_a_childs_memory():
    before = scale.tree_pss(os.getpid())
    child = subprocess.Popen([sys.executable, "-c",
                              "import sys, time\nb = bytearray(80 * 2**20)\n"
                              "b[::4096] = b'x' * len(b[::4096])\nprint('ok', flush=True)\n"
                              "time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ok"
        with scale.PeakMemory(every=0.05) as memory:
            time.sleep(0.3)
        assert memory.peak - before > 60 * 2**20
    finally:
        child.kill()
        child.wait()


def test_the_table_has_one_row_per_run_and_the_growth_against_the_smallest_class():
    runs = [scale.Run(20, 180, 1, 90.0, 2**30, 0), scale.Run(20, 180, 2, 50.0, 2**31, 0),
            scale.Run(100, 900, 2, 240.0, 2**31, 1)]
    table = scale.report(runs, ["ch01"])
    rows = [line for line in table if line.startswith("| 1") or line.startswith("| 2")]
    assert len(rows) == 3
    assert "| 100 | 900 | 2 | 240.0 | 0.267 | 0.96× | 1,500 | 2.00 | 1 |" in rows
    assert runs[1].students_per_hour == 1440
