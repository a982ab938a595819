"""Run in a separate process on a real data directory (file-based SQLite in WAL mode), as a host would.

python -m alongside.mydata.tests.deletion_scenario fill     -> prints JSON: markers and ids
python -m alongside.mydata.tests.deletion_scenario delete <keep|delete>
    deletes Sid's account while another connection keeps the database open (as a running
    server would, so the -wal file stays), prints "deleted", and waits for a line on stdin.
"""

from __future__ import annotations

import json
import sqlite3
import sys


def fill() -> dict:
    from django.contrib.auth import get_user_model

    from alongside.circles.models import Circle, Membership, Role
    from alongside.mydata.tests.factory import child_models, make_row, record_models, unique_marker
    from alongside.reminders.models import Reminder

    users = {}
    for name in ("Olive", "Sid", "Sam"):
        users[name] = get_user_model().objects.create_user(
            email=f"{name.lower()}@example.org", password="a-long-test-password", display_name=name
        )
    circle = Circle.objects.create(person_name="Sam", created_by=users["Olive"])
    for name, role in (("Olive", Role.ORGANISER), ("Sid", Role.SUPPORTER), ("Sam", Role.PERSON)):
        Membership.objects.create(circle=circle, user=users[name], role=role)
    private, shared, on_others, others = [], [], [], []
    for model in record_models():
        mine = make_row(
            model, circle=circle, user=users["Sid"], marker=unique_marker("SidPrivate"), visibility="only_me"
        )
        private.append(mine)
        olive = make_row(
            model,
            circle=circle,
            user=users["Olive"],
            marker=unique_marker("OliveKeeps"),
            visibility="supporters",
        )
        others.append(olive)
        for child, fk in child_models().items():
            if isinstance(mine, fk.related_model):
                private.append(
                    make_row(
                        child,
                        circle=circle,
                        user=users["Sid"],
                        marker=unique_marker("SidPrivate"),
                        parent=mine,
                    )
                )
                # What Sid wrote on Olive's record (a boundary test, an outcome): Sid's words.
                on_others.append(
                    make_row(
                        child,
                        circle=circle,
                        user=users["Sid"],
                        marker=unique_marker("SidOnOlive"),
                        parent=olive,
                    )
                )
    for model in record_models():
        if model._meta.label_lower in ("journal.selfcareplan", "plans.relapseplan", "firststeps.stepdone"):
            continue  # one per author (and self-care is private whatever its visibility)
        shared.append(
            make_row(
                model,
                circle=circle,
                user=users["Sid"],
                marker=unique_marker("SidShared"),
                visibility="supporters",
            )
        )
    # Kinds that stay private whatever is asked (the self-care space) count as private.
    for row in list(shared):
        row.refresh_from_db()
        if row.visibility == "only_me":
            shared.remove(row)
            private.append(row)
    # Olive's reminder about Sid's shared appointment quotes it in its detail.
    appointment = next(r for r in shared if r._meta.label_lower == "care.appointment")
    Reminder.objects.create(
        user=users["Olive"],
        circle=circle,
        event_type="appointment",
        channel="in_app",
        key=f"appointment:{appointment.pk}:day",
        due_at=appointment.created_at,
        next_attempt_at=appointment.created_at,
        detail=appointment.title,
    )
    from alongside.audit.models import Action
    from alongside.audit.services import record_event

    record_event(users["Sid"], Action.CREATED, target=private[0])

    def marker(row):
        return next((v for v in vars(row).values() if isinstance(v, str) and "MARK" in v), None)

    return {
        "private": [marker(r) for r in private if marker(r)],
        "shared": [marker(r) for r in shared if marker(r)],
        "on_others": [marker(r) for r in on_others if marker(r)],
        "others": [marker(r) for r in others if marker(r)],
        "kinds": len(record_models()),
    }


def delete(choice: str) -> None:
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from alongside.mydata.deletion import delete_account

    keeper = sqlite3.connect(settings.DATABASES["default"]["NAME"])  # a running server's connection
    keeper.execute("SELECT count(*) FROM sqlite_master").fetchone()
    # Display names are encrypted at rest: find Sid in Python.
    (sid,) = [u for u in get_user_model().objects.all() if u.display_name == "Sid"]
    delete_account(sid, shared=choice)
    print("deleted", flush=True)
    sys.stdin.readline()
    keeper.close()


if __name__ == "__main__":
    import django

    django.setup()
    if sys.argv[1] == "fill":
        print(json.dumps(fill()))
    else:
        delete(sys.argv[2])
