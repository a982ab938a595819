from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from alongside.circles.models import Circle, Membership
from alongside.core import demo
from alongside.notes.models import Note


class Command(BaseCommand):
    help = "Create (or refresh) the demo circle and print its log-ins. Demo rows are clearly marked."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        members = {}
        for key, local, name, _role in demo.DEMO_PEOPLE:
            user, created = User.objects.get_or_create(
                email=f"{local}@{demo.DEMO_DOMAIN}", defaults={"display_name": name}
            )
            if created:
                user.set_password(demo.DEMO_PASSWORD)
                user.save()
            members[key] = user
        # The name is encrypted at rest, so the demo circle is found in Python.
        circle = next(
            (c for c in Circle.objects.filter(created_by=members["organiser"]) if c.person_name == "Sam (demo)"), None
        )
        if circle is None:
            circle = Circle.objects.create(
                person_name="Sam (demo)", time_zone="America/New_York", created_by=members["organiser"]
            )
            for key, _local, _name, role in demo.DEMO_PEOPLE:
                Membership.objects.create(circle=circle, user=members[key], role=role)
            Note.objects.create(
                circle=circle,
                author=members["organiser"],
                visibility="supporters",
                title="Demo: who has the spare key",
                body="This is demo data. David has the spare key; Aisha keeps a naloxone kit in her bag.",
            )
            Note.objects.create(
                circle=circle,
                author=members["person"],
                visibility="circle",
                title="Demo: what helps me on a hard day",
                body="This is demo data. A walk, a call with my sponsor, and not being asked lots of questions.",
            )
            Note.objects.create(
                circle=circle,
                author=members["supporter"],
                visibility="only_me",
                title="Demo: my private reminder",
                body="This is demo data. Only David can read this note.",
            )
            for contribute in demo.contributors():
                contribute(circle=circle, members=members, stdout=self.stdout)

        self.stdout.write(self.style.WARNING("Demo data loaded (every demo name ends in '(demo)')."))
        self.stdout.write(f"Demo log-ins, all with the password: {demo.DEMO_PASSWORD}")
        for _key, local, name, role in demo.DEMO_PEOPLE:
            self.stdout.write(f"  {role:<10} {name:<14} {local}@{demo.DEMO_DOMAIN}")
