"""Benchmarks of unipile-sim; see bench/RESULTS.md for how to run them and what they measured."""
