"""Links written in content files, resolved to real URLs in the reader's language.

Schemes: ``article:<slug>``, ``glossary:<term>``, ``app:<feature>``. A feature that lives
inside a circle needs the circle; without one (a visitor with no account yet) it resolves
to nothing, and the caller shows plain text or a sign-up link instead. Given the reader's
role in that circle, a feature their role may not open (a supporter's private self-care
space, for the person) resolves to nothing too, rather than to a page that answers 404.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from alongside.core.authz import role_may_open

# Each feature: (URL name, whether it needs a circle). Later apps add theirs here.
APP_FEATURES: dict[str, tuple[str, bool]] = {
    "emergency": ("safety:emergency", False),
    "treatment_search": ("directory:treatment", False),
    "meetings": ("meetings:index", False),
    "helplines": ("directory:helplines", False),
    "kits": ("safety:kits", True),
    "journal": ("journal:timeline", True),
    "self_care": ("journal:self_care", True),
    "boundaries": ("plans:boundaries", True),
    "conversation_planner": ("plans:conversations", True),
    "relapse_plan": ("plans:relapse_plan", True),
    "appointments": ("care:appointments", True),
    "milestones": ("care:milestones", True),
    "rewards": ("care:rewards", True),
    "routines": ("care:habits", True),
    "risks": ("safety:risks", True),
    "programme": ("programme:index", True),
}


def resolve(link: str, circle_id=None, role: str | None = None) -> str | None:
    scheme, _, target = link.partition(":")
    try:
        if scheme == "article":
            return reverse("library:article", args=[target])
        if scheme == "glossary":
            return reverse("library:glossary") + f"#{target}"
        if scheme == "app":
            url_name, needs_circle = APP_FEATURES[target]
            if needs_circle:
                if not circle_id or (role and not role_may_open(url_name, role)):
                    return None
                return reverse(url_name, args=[circle_id])
            return reverse(url_name)
    except (NoReverseMatch, KeyError):
        return None
    return None


def needs_circle(link: str) -> bool:
    scheme, _, target = link.partition(":")
    return scheme == "app" and APP_FEATURES.get(target, ("", False))[1]
