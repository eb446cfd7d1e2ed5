"""The `kg` command line: a thin shell over the :mod:`kg` library."""
