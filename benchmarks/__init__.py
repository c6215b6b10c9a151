"""The project's benchmarks, run as scripts; a package only so that the tests can import them."""
