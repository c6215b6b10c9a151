"""The test suite: one folder per layer of the package, mirroring its modules."""
