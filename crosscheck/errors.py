"""The errors crosscheck reports to a user as one line and exit code 2.

Anything raised as a ``CrosscheckError`` is the user's input or environment being wrong, not a
bug: the CLI prints ``str(error)`` on stderr without a traceback. Other exceptions are bugs.
"""


class CrosscheckError(Exception):
    """Bad input or environment: the run cannot go on."""


class InputError(CrosscheckError):
    """A file, manifest or argument cannot be used."""


class ModelError(CrosscheckError):
    """No usable embedding model was found where crosscheck looked."""


class IndexStateError(CrosscheckError):
    """The index folder is corrupt, foreign, locked or from another format version."""
