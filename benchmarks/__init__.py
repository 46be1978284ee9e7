"""Benchmarks for gkml: a deterministic corpus generator and a stage runner."""
