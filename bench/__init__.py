"""Benchmarks that print numbers (make bench); not timed tests."""
