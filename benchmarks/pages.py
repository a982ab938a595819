"""Benchmark: server time of every public and circle page, at demo size and grown.

Builds the demo circle in a fresh SQLite database, times every public page (anonymous) and
every circle page (as the demo organiser) in-process through the whole middleware stack
(median of repeats), then grows the circle to 10,000 observations, 1,000 contacts and 500
appointments and times them again. Beside them, in the same run, the empty page shell: the
base template with no content, the cost floor of any page here (anonymous for public pages,
signed in for circle pages).

Budgets (issue 18): every circle page grown within 2x the shell and within 1.2x of its own
demo-size time; query counts the same at both sizes.

    .venv/bin/python benchmarks/pages.py [--repeats 15] [--only care:]
    .venv/bin/python benchmarks/pages.py --profile journal:timeline   # cProfile of one page, grown
    .venv/bin/python benchmarks/pages.py --profile bench-shell        # ... or of the signed-in shell
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta

GROWN = {"observations": 10_000, "contacts": 1_000, "appointments": 500}
SHELL_LIMIT = 2.0
GROWTH_LIMIT = 1.2

# Pages not worth timing here: they answer with a file or a redirect, not a page.
SKIP = {"core:quick-exit", "journal:export_csv", "care:feed"}


def shell_view(request):
    from django.shortcuts import render

    return render(request, "base.html", {})


def _setup() -> None:
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    os.environ.setdefault("ALONGSIDE_DATA_DIR", tempfile.mkdtemp(prefix="alongside-bench-pages-"))
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
    from django.urls import clear_url_caches, path

    import alongside.urls as project_urls

    # The shell gets a URL of its own in this process only, outside the language prefixes
    # (so no translation switch is timed that real pages do not pay either).
    project_urls.urlpatterns.append(path("__bench_shell__/", shell_view, name="bench-shell"))
    clear_url_caches()


def _pages():
    """(url name, kind) of every page a plain GET opens: public ones and circle ones."""
    from alongside.core.authz import Member, Public, project_url_rules

    public, circle = [], []
    for name, rule in sorted(project_url_rules().items()):
        if (
            name in SKIP
            or getattr(rule, "method", "GET") != "GET"
            or getattr(rule, "kwargs", None) is not None
        ):
            continue
        if isinstance(rule, Public):
            public.append(name)
        elif isinstance(rule, Member) and "organiser" in rule.roles:
            circle.append(name)
    return public, circle


def _time_side_by_side(client, urls: list[str], repeats: int) -> list[tuple[float, int, int]]:
    """Median ms, query count and status of each URL, the URLs taken in turn in every round, so that
    a machine busy with other work slows all of them alike and the ratios stay fair."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in urls * 2:  # warm caches, templates, connections
        client.get(url)
    samples: list[list[float]] = [[] for _ in urls]
    for _ in range(repeats):
        for i, url in enumerate(urls):
            started = time.perf_counter()
            client.get(url)
            samples[i].append(time.perf_counter() - started)
    found = []
    for i, url in enumerate(urls):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        found.append((statistics.median(samples[i]) * 1000, len(queries), response.status_code))
    return found


def _grow(circle, members) -> None:
    """Years of history: observations, contacts and appointments spread over three years,
    by every member, in every visibility; some appointments repeat, some stopped repeating. Each
    has the audit row its service writes ("created"), as a circle that grew through the pages has."""
    from django.db import transaction

    from alongside.audit.models import Action, AuditEvent
    from alongside.care.models import Appointment
    from alongside.journal.models import Contact, Observation
    from alongside.journal.signs import sign_choices

    rng = random.Random(18)
    now = datetime.now(UTC)
    authors = list(members.values())
    visibilities = ["only_me", "supporters", "circle", "professionals"]
    sign_keys = [key for key, _label in sign_choices()]
    with transaction.atomic():
        Observation.objects.bulk_create(
            Observation(
                circle=circle,
                author=rng.choice(authors),
                visibility=rng.choice(visibilities),
                observed_at=now - timedelta(minutes=rng.randrange(3 * 365 * 24 * 60)),
                signs=rng.sample(sign_keys, 2),
                worry=rng.randrange(1, 4),
                is_incident=rng.random() < 0.05,
                notes="Grown: what I noticed, in plain facts, a sentence or two long.",
            )
            for _ in range(GROWN["observations"])
        )
        Contact.objects.bulk_create(
            Contact(
                circle=circle,
                author=rng.choice(authors),
                visibility=rng.choice(visibilities),
                contacted_at=now - timedelta(minutes=rng.randrange(3 * 365 * 24 * 60)),
                how=rng.choice(["in_person", "call", "message"]),
                mood=rng.choice(["okay", "low", "unsure"]),
            )
            for _ in range(GROWN["contacts"])
        )
        appointments = []
        for n in range(GROWN["appointments"]):
            # One in ten repeats; two series still run, the rest ended (as a long history has it).
            repeat = "none" if n % 10 else rng.choice(["daily", "weekdays", "weekly"])
            starts = now - timedelta(days=rng.randrange(-60, 3 * 365), hours=rng.randrange(24))
            until = None
            if repeat != "none" and n % 250:
                until = min(starts + timedelta(days=rng.randrange(14, 200)), now - timedelta(days=2)).date()
            appointments.append(
                Appointment(
                    circle=circle,
                    author=rng.choice(authors),
                    visibility=rng.choice(visibilities),
                    kind=rng.choice(["doctor", "counselling", "group", "court"]),
                    title=f"Grown appointment {n}",
                    place="Somewhere, 1 Example Street",
                    starts_at=starts,
                    repeat=repeat,
                    repeat_until=until,
                    needs_ride=n % 3 == 0,
                    notes="Grown: bring the letter.",
                )
            )
        Appointment.objects.bulk_create(appointments)
        grown = [
            *Observation.objects.filter(circle=circle),
            *Contact.objects.filter(circle=circle),
            *Appointment.objects.filter(circle=circle),
        ]
        AuditEvent.objects.bulk_create(
            (
                AuditEvent(
                    circle=circle,
                    actor=record.author,
                    actor_label=str(record.author)[:60],
                    action=Action.CREATED,
                    target_type=record._meta.label_lower,
                    target_id=str(record.pk),
                    extra={"visibility": record.visibility},
                    target_author=record.author,
                )
                for record in grown
            ),
            batch_size=2000,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--only", default="", help="time only URL names starting with this")
    parser.add_argument("--profile", default="", help="print a cProfile of this URL name, grown")
    args = parser.parse_args()
    _setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from alongside.circles.models import Circle
    from alongside.core import serving

    quiet = open(os.devnull, "w")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    if getattr(settings, "STATIC_MANIFEST", False):  # as `alongside serve` does
        call_command("collectstatic", interactive=False, verbosity=0)
    # Two demo circles with the same members: one stays at demo size, the other grows. Both are
    # timed in the same rounds, beside the shell.
    call_command("load_demo", stdout=quiet)
    # The circle's name is encrypted at rest, so the two circles are told apart by creation time.
    grown_circle = Circle.objects.order_by("-created_at").first()
    grown_circle.person_name = "Sam (demo, grown)"
    grown_circle.save(update_fields=["person_name"])
    call_command("load_demo", stdout=quiet)
    demo_circle = Circle.objects.order_by("-created_at").first()
    # (Ids are random UUIDs: ordering by them picked either circle, often the same one twice.)
    assert demo_circle.pk != grown_circle.pk, "the demo and grown circles must differ"
    for hook in serving.before_serve_hooks():
        hook(quiet)
    members = {f"{m.role}{i}": m.user for i, m in enumerate(grown_circle.memberships.select_related("user"))}
    _grow(grown_circle, members)

    anonymous, signed_in = Client(), Client()
    signed_in.force_login(demo_circle.created_by)
    public, circle_pages = _pages()
    if args.only:
        public = [n for n in public if n.startswith(args.only)]
        circle_pages = [n for n in circle_pages if n.startswith(args.only)]

    if args.profile:
        import cProfile
        import pstats

        url = (
            "/__bench_shell__/"
            if args.profile == "bench-shell"
            else reverse(args.profile, kwargs={"circle_id": grown_circle.id})
        )
        for _ in range(3):
            signed_in.get(url)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(5):
            signed_in.get(url)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(
            int(os.environ.get("BENCH_LINES", "45"))
        )
        from django.db import connection

        seen = []

        def keep(execute, sql, params, many, context):
            seen.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(keep):
            signed_in.get(url)
        print(f"\n{len(seen)} queries:")
        for sql, _params in seen:
            print("   ", " ".join(sql.split())[:160])
        timed = []
        with connection.cursor() as cursor:
            for sql, params in seen:
                if sql.lstrip().upper().startswith("SELECT"):
                    started = time.perf_counter()
                    cursor.execute(sql, params)
                    cursor.fetchall()
                    timed.append((time.perf_counter() - started, sql, params))
            for seconds, sql, params in sorted(timed, key=lambda t: -t[0])[:5]:
                print(f"\n{seconds * 1000:7.2f} ms  {sql[:300]} ... {sql[-500:]}")
                cursor.execute(
                    "EXPLAIN QUERY PLAN " + sql if connection.vendor == "sqlite" else "EXPLAIN " + sql, params
                )
                print("    ", cursor.fetchall())
        return 0

    print(
        f"Timing {len(public)} public and {len(circle_pages)} circle pages, median of {args.repeats}; "
        f"grown: {GROWN['observations']:,} observations, {GROWN['contacts']:,} contacts, "
        f"{GROWN['appointments']:,} appointments."
    )
    shell = "/__bench_shell__/"
    rows = []
    for name in public:
        (s_ms, s_q, _), (ms, q, status) = _time_side_by_side(anonymous, [shell, reverse(name)], args.repeats)
        rows.append((name, s_ms, (ms, q, status), None))
    for name in circle_pages:
        urls = [shell] + [reverse(name, kwargs={"circle_id": c.id}) for c in (demo_circle, grown_circle)]
        (s_ms, _, _), small, big = _time_side_by_side(signed_in, urls, args.repeats)
        rows.append((name, s_ms, small, big))

    failures = []
    print(
        f"\n{'page':<30} {'shell':>6} {'demo':>7} {'grown':>7} {'grown/demo':>10} {'grown/shell':>11} "
        f"{'queries':>8} status"
    )
    for name, s_ms, (d_ms, d_q, d_status), big in rows:
        if big is None:  # a public page: nothing grows
            print(
                f"{name:<30} {s_ms:6.1f} {d_ms:7.1f} {'':>7} {'':>10} {d_ms / s_ms:11.2f} {d_q:>8} {d_status}"
            )
            continue
        g_ms, g_q, g_status = big
        growth, over_shell = g_ms / d_ms, g_ms / s_ms
        flags = []
        if over_shell > SHELL_LIMIT:
            flags.append(f">{SHELL_LIMIT}x shell")
        if growth > GROWTH_LIMIT:
            flags.append(f">{GROWTH_LIMIT}x demo")
        if g_q > d_q:
            flags.append("queries grow")
        if flags:
            failures.append((name, flags))
        queries = f"{d_q}" if d_q == g_q else f"{d_q}->{g_q}"
        print(
            f"{name:<30} {s_ms:6.1f} {d_ms:7.1f} {g_ms:7.1f} {growth:10.2f} {over_shell:11.2f} {queries:>8} "
            f"{d_status}/{g_status} {' '.join(flags)}"
        )
    print(
        f"\nms are server time in-process, median of {args.repeats}. Budgets for circle pages: grown within "
        f"{SHELL_LIMIT}x the signed-in shell and within {GROWTH_LIMIT}x of demo size; queries constant."
    )
    print(
        f"{len(failures)} page(s) over budget"
        + (": " + "; ".join(f"{n} ({', '.join(f)})" for n, f in failures) if failures else ".")
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
