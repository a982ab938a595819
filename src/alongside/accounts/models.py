from __future__ import annotations

import functools
import uuid
import zoneinfo

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from alongside.core.fields import EncryptedCharField


def time_zone_choices() -> list[tuple[str, str]]:
    return list(_zone_choices())


@functools.cache
def _zone_choices() -> tuple[tuple[str, str], ...]:
    # available_timezones() walks the tzdata directory: once per process is enough.
    return tuple(
        (name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name or name == "UTC"
    )


LANGUAGE_CHOICES = [("en", "English"), ("es", "Español"), ("fr", "Français")]


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A member. Signs in with an e-mail address; shows others only a display name."""

    username = None
    first_name = None
    last_name = None
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = EncryptedCharField(
        _("name shown to your circle"), max_length=60, help_text=_("A first name or a nickname is enough.")
    )
    discreet_mode = models.BooleanField(
        _("discreet mode"),
        default=False,
        help_text=_("Shows a neutral title and icon in the browser tab, for a shared device."),
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    # Everything Alongside sends this member (e-mail, push, calendar) is written in this language.
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES, default="en")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    def __str__(self) -> str:
        return self.display_name or self.email.split("@")[0]

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        return str(self)
