"""The one exception type of citsim, and its warning category."""

import re

# "SOURCE: KEY = VALUE: WHY" or "SOURCE: KEY is missing: WHY" (SOURCE optional):
# the form of every message about a key (docs/case-format.md). A quoted VALUE
# may itself hold ": ".
_KEYED = re.compile(
    r"^(?:(?P<source>.*?): )??"
    r"(?P<key>-{0,2}[A-Za-z0-9_][-\w.\[\]]*)"
    r"(?: = (?P<value>\"(?:[^\"\\]|\\.)*\"|.*?)| is missing): "
)


class CitsimError(Exception):
    """Bad input or environment: a case key out of range, an unknown key, a
    missing data folder, a run over its limits.

    ``str(error)`` (and ``.message``) is the one-line message the command-line
    tool prints, e.g. ``case.toml: device.needle_length_mm = -1.0: must be
    between 0.1 and 3.5``. When the message names a key, ``.key`` is it
    (``"device.needle_length_mm"``) and ``.value`` the value as the message
    shows it, in TOML notation (``"-1.0"``; ``None`` for a missing key);
    ``.source`` is the file (or ``"<dict>"``) it came from. Each is ``None``
    when the message does not have it.
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message
        match = _KEYED.match(message)
        self.source = match.group("source") if match else None
        self.key = match.group("key") if match else None
        self.value = match.group("value") if match else None


class CitsimWarning(UserWarning):
    """A setting of the case that the model does not capture (the cautions
    `citsim simulate` prints, and summary.json's "warnings")."""
