from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from alongside.circles.models import Circle, Membership
from alongside.core import demo


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
            (
                c
                for c in Circle.objects.filter(created_by=members["organiser"])
                if c.person_name == "Sam (demo)"
            ),
            None,
        )
        if circle is None:
            circle = Circle.objects.create(
                person_name="Sam (demo)", time_zone="America/New_York", created_by=members["organiser"]
            )
            for key, _local, _name, role in demo.DEMO_PEOPLE:
                Membership.objects.create(circle=circle, user=members[key], role=role)
            for contribute in demo.contributors():
                contribute(circle=circle, members=members, stdout=self.stdout)

        self.stdout.write(self.style.WARNING("Demo data loaded (every demo name ends in '(demo)')."))
        self.stdout.write(f"Demo log-ins, all with the password: {demo.DEMO_PASSWORD}")
        for _key, local, name, role in demo.DEMO_PEOPLE:
            self.stdout.write(f"  {role:<10} {name:<14} {local}@{demo.DEMO_DOMAIN}")
