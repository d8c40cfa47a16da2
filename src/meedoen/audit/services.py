"""Recording staff actions and logins in the append-only audit log."""

from __future__ import annotations

import logging

from meedoen.audit.models import AuditEvent

logger = logging.getLogger("meedoen.audit")


def _label(actor) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "system"
    if getattr(actor, "is_resident", False):
        # Residents appear by account number only: the audit log holds no personal data.
        return f"inwoner #{actor.pk}"
    return actor.get_username()


def record(actor, action: str, obj=None, *, changes: dict | None = None) -> AuditEvent:
    event = AuditEvent.objects.create(
        actor_id=actor.pk if getattr(actor, "is_authenticated", False) else None,
        actor_label=_label(actor),
        action=action,
        object_type=obj._meta.label if obj is not None and hasattr(obj, "_meta") else "",
        object_id=str(getattr(obj, "pk", "") or "") if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        changes=changes or {},
    )
    logger.info(
        "%s %s", event.actor_label, action, extra={"event": action, "object_id": event.object_id}
    )
    return event
