"""What the signed-in account may do, for pages.

A page disables what the role may not do, with a tooltip saying why::

    from ..access import restrict
    from ...domain.roles import Action
    restrict(self.ctx, Action.IMPORT, self.import_button)
    restrict(self.ctx, Action.EDIT_DATA, self.add_button, self.edit_button, self.delete_button)

or asks ``allowed(self.ctx, Action.ENTER_VOTES)``. Services refuse as well
(``services.safety.accounts.require``), and a write outside the role's tables is
refused when the session flushes, so a button left enabled by mistake still
cannot change what it must not.
"""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..domain.roles import Action
from ..services.safety import accounts
from . import operations as ops


def signed_in(ctx) -> accounts.SignedIn | None:
    """Who is signed in on the window's database (None: nobody, as in a smoke test)."""
    who = ops.query(None, ctx, accounts.current)
    return None if who is ops.FAILED else who


def allowed(ctx, action: Action) -> bool:
    return ops.query(None, ctx, lambda s: accounts.allowed(s, action)) is True


def restrict(ctx, action: Action, *widgets: QWidget, hide: bool = False) -> bool:
    """Disable (or hide) ``widgets`` unless the account may do ``action``; returns whether it may.

    Call it after the page set the widgets' own enabled state: it only ever
    takes permission away."""
    ok = allowed(ctx, action)
    if ok:
        return True
    who = signed_in(ctx)
    why = (f"Vai trò {who.role.label} không được phép {action.label}." if who else "")
    for widget in widgets:
        if hide:
            widget.hide()
        else:
            widget.setEnabled(False)
            widget.setToolTip(why)
    return False
