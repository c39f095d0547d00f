"""Stand-ins shared by the tests and the benchmarks: servers on loopback, folder comparisons.

Both `tests` and `bench` import them from here, so `bench` never imports `tests`.
"""
