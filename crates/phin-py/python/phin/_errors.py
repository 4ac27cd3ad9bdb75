"""The exceptions phin raises for bad arguments and failed co-simulations."""

from __future__ import annotations

__all__ = ["InputError", "CosimError"]


class InputError(ValueError):
    """A value phin refuses: out of range, of the wrong shape, or an unknown name.

    The message names the field and what it allows, e.g.
    ``sensory[t=17] = 9 is out of range (allowed -8 … 7.99993896484375)``.

    Attributes:
        field: The field (argument, input, column or record name) that was refused.
        allowed: What the field allows: a range (``"-8 … 7.99993896484375"``) or a list of
            names.
    """

    field: str
    allowed: str

    def __init__(self, message: str, field: str, allowed: str) -> None:
        super().__init__(message)
        self.field = field
        self.allowed = allowed


class CosimError(RuntimeError):
    """A co-simulation that could not be set up or run: Verilator missing, no such RTL
    directory or top module, a failed build. The message is one line a user can act on."""
