"""Benchmarks of the course (``make bench``); results are kept in bench/results.md."""
