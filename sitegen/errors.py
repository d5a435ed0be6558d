"""Build errors and warnings: one line each, `path:line: message`."""
from __future__ import annotations

from dataclasses import dataclass


def _location(path: str, line: int | None) -> str:
    return f"{path}:{line}" if line else path


class BuildError(Exception):
    """A user-input error that stops the build; str() is the one line `path:line: msg`."""

    def __init__(self, path: object, line: int | None, msg: str) -> None:
        self.path = str(path)
        self.line = line
        self.msg = msg
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{_location(self.path, self.line)}: {self.msg}"

    def __reduce__(self):
        # Exceptions pickle their args; ours cross process-pool boundaries.
        return (BuildError, (self.path, self.line, self.msg))


@dataclass(frozen=True)
class BuildWarning:
    """A problem that does not stop the build (unless --strict); str() is `path:line: msg`."""

    path: str
    line: int | None
    msg: str

    def __str__(self) -> str:
        return f"{_location(self.path, self.line)}: {self.msg}"


_pending: list[BuildWarning] = []


def warn(path: object, line: int | None, msg: str) -> BuildWarning:
    """Record a warning for the current build (collected with drain_warnings) and return it."""
    warning = BuildWarning(str(path), line, msg)
    _pending.append(warning)
    return warning


def drain_warnings() -> list[BuildWarning]:
    """Return the warnings recorded since the last call, and forget them."""
    taken = list(_pending)
    _pending.clear()
    return taken
