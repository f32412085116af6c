"""Coach: a private, offline-first assistant for manager-employee one-on-ones.

The core lives here; ``api/`` and the ``coach`` command are thin layers over
:class:`assistant.coach.Coach`.
"""

__version__ = "0.1.0"
