"""Benchmarks: synthetic corpora and measurements, run by `make bench` (not by `make test`)."""
