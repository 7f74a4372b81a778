"""Sub-commands of the ``pia`` command line; see :mod:`pia.cli`."""
