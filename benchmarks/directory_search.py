"""Benchmark: treatment-facility search over 100,000 synthetic facilities on SQLite.

Facilities are spread around the US and Canadian cities of the directory's place file, weighted by
population (so searches in big cities meet dense data). The import goes through the real
path: locator-format JSON pages, parsed, mapped and written in one transaction. Searches
are 25 miles around city centres and random facilities with two filters (buprenorphine,
sliding scale): the indexed bounding box then the exact distance, then the page's 25 rows.
Two baselines run beside it on the same points, and each must give the same answer in the
same order: the full scan reads every row and tests the filters and the distance in Python
(what search would cost with no index and no SQL filter); the strict scan keeps the filters
in SQL and only drops the box, so every row passing the filters has its distance computed.
In dense cities the search itself returns a thousand rows, so the strict ratio stays lower.

    .venv/bin/python benchmarks/directory_search.py [--facilities 100000] [--searches 300]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

# Locator service lines, each with the chance that a synthetic facility lists it.
SERVICE_LINES = [
    ("SET", "Outpatient", 0.8),
    ("SET", "Intensive outpatient treatment", 0.3),
    ("SET", "Residential", 0.2),
    ("SET", "Hospital inpatient", 0.05),
    ("SET", "Partial hospitalization/day treatment", 0.1),
    ("SET", "Telemedicine/telehealth", 0.3),
    ("TC", "Detoxification", 0.1),
    ("OT", "Buprenorphine used in Treatment", 0.35),
    ("OT", "Methadone maintenance", 0.08),
    ("OT", "Naltrexone used in Treatment", 0.25),
    ("OT", "Accepts clients on opioid medication", 0.5),
    ("PAY", "Medicaid", 0.75),
    ("PAY", "Medicare", 0.5),
    ("PAY", "Private health insurance", 0.8),
    ("PYAS", "Sliding fee scale (fee is based on income and other factors)", 0.45),
    ("PYAS", "Payment assistance (check with facility for details)", 0.1),
    ("AGE", "Adults", 0.95),
    ("AGE", "Young adults", 0.8),
    ("AGE", "Children/adolescents", 0.3),
    ("AGE", "Seniors (65 or older)", 0.5),
    ("SG", "Persons with co-occurring mental and substance use disorders", 0.5),
    ("EDU", "Family counseling offered", 0.5),
    ("OL", "Spanish", 0.3),
]


def north_american_cities() -> list[dict]:
    """US and Canadian cities of 15,000 people or more, from the directory's place file."""
    from alongside.directory.places import _places

    return [
        {
            "name": c.name,
            "admin1code": c.region,
            "countrycode": c.country,
            "latitude": c.latitude,
            "longitude": c.longitude,
            "population": c.population,
        }
        for rows in _places()[0].values()
        for c in rows
        if c.country in ("US", "CA")
    ]


def synthetic_pages(count: int, page_size: int = 2000, seed: int = 8):
    rng = random.Random(seed)
    cities = north_american_cities()
    weights = [int(c["population"]) for c in cities]
    chosen = rng.choices(cities, weights=weights, k=count)
    total_pages = -(-count // page_size)
    pages, rows = [], []
    for i, city in enumerate(chosen):
        services = {}
        for code, value, chance in SERVICE_LINES:
            if rng.random() < chance:
                services.setdefault(code, []).append(value)
        rows.append(
            {
                "frid": f"bench-{i}",
                "name1": f"Facility {i}",
                "name2": "",
                "street1": f"{i} Main Street",
                "street2": "",
                "city": city["name"],
                "state": city["admin1code"],
                "zip": "00000",
                "phone": "555-0100",
                "intake1": None,
                "hotline1": None,
                "website": "",
                "latitude": str(round(city["latitude"] + rng.gauss(0, 0.25), 6)),
                "longitude": str(round(city["longitude"] + rng.gauss(0, 0.3), 6)),
                "typeFacility": "SA",
                "services": [
                    {"f1": code, "f2": code, "f3": "; ".join(values)} for code, values in services.items()
                ],
            }
        )
        if len(rows) == page_size or i == count - 1:
            page = len(pages) + 1
            pages.append(
                (
                    f"page{page}.json",
                    json.dumps(
                        {"page": page, "totalPages": total_pages, "recordCount": count, "rows": rows}
                    ).encode(),
                )
            )
            rows = []
    return pages, cities, weights


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def run_one(count: int, searches: int, scans: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from alongside.directory import geo
    from alongside.directory.importers import import_files
    from alongside.directory.models import Facility
    from alongside.directory.search import Filters, _match_sql, load, search_matches

    call_command("migrate", verbosity=0)
    pages, cities, weights = synthetic_pages(count)
    started = time.perf_counter()
    report = import_files(pages)
    import_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    rng = random.Random(88)
    coords = list(Facility.objects.values_list("latitude", "longitude"))
    points = [(c["latitude"], c["longitude"]) for c in rng.choices(cities, weights=weights, k=searches // 2)]
    points += rng.sample(coords, searches - len(points))
    rng.shuffle(points)
    filters = Filters(frozenset({"buprenorphine", "sliding_scale"}))

    def timed(fn, lat, lon):
        t = time.perf_counter()
        found = fn(lat, lon)
        return (time.perf_counter() - t) * 1000, found

    def indexed(lat, lon):  # what the search page does: every match's distance, then one page of rows
        matches = search_matches(lat, lon, 25, filters)
        load(matches[:25])
        return matches

    everywhere = geo.BoundingBox(-90.0, 90.0, ((-180.0, 180.0),))

    def full_scan(lat, lon):  # the same SQL and rows with a box as big as the world: every row's distance
        sql, params = _match_sql(filters, everywhere, connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        found = [(pk, geo.distance_miles(lat, lon, a, b)) for pk, a, b in rows]
        matches = sorted(((pk, d) for pk, d in found if d <= 25), key=lambda pair: pair[1])
        load(matches[:25])
        return matches

    table = Facility._meta.db_table

    def naive_scan(lat, lon):  # no index, no SQL filter: read every facility, test filters and distance
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, latitude, longitude, features, languages FROM {table}")
            rows = cursor.fetchall()
        found = []
        masks = filters.group_masks()
        for pk, a, b, bits, _languages in rows:
            if all((bits & mask) == mask if all_of else bits & mask for mask, all_of in masks):
                d = geo.distance_miles(lat, lon, a, b)
                if d <= 25:
                    found.append((pk, d))
        found.sort(key=lambda pair: pair[1])
        load(found[:25])
        return found

    for lat, lon in points[:10]:  # warm the caches
        indexed(lat, lon)
    search_ms, sizes = [], []
    for lat, lon in points:
        ms, found = timed(indexed, lat, lon)
        search_ms.append(ms)
        sizes.append(len(found))
    naive_ms = []
    for lat, lon in points[:scans]:
        ms, found = timed(naive_scan, lat, lon)
        naive_ms.append(ms)
        assert [pk for pk, _d in found] == [pk for pk, _d in indexed(lat, lon)]
    scan_ms = []
    for lat, lon in points[:scans]:
        ms, found = timed(full_scan, lat, lon)
        scan_ms.append(ms)
        assert [pk for pk, _d in found] == [pk for pk, _d in indexed(lat, lon)]  # the same answer, same order
    return {
        "database": connection.vendor,
        "facilities": Facility.objects.count(),
        "import_added": report.added,
        "import_seconds": round(import_seconds, 1),
        "import_per_second": round(report.added / import_seconds),
        "searches": len(search_ms),
        "median_ms": round(statistics.median(search_ms), 2),
        "p95_ms": round(percentile(search_ms, 0.95), 2),
        "median_results": statistics.median(sizes),
        "max_results": max(sizes),
        "scans": len(scan_ms),
        "scan_median_ms": round(statistics.median(scan_ms), 1),
        "scan_p95_ms": round(percentile(scan_ms, 0.95), 1),
        "naive_median_ms": round(statistics.median(naive_ms), 1),
        "naive_p95_ms": round(percentile(naive_ms, 0.95), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--facilities", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=300)
    parser.add_argument("--scans", type=int, default=20)
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.facilities, args.searches, args.scans)))
        return
    with tempfile.TemporaryDirectory() as data_dir:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "alongside.settings",
            "ALONGSIDE_DATA_DIR": data_dir,
            "DATABASE_URL": f"sqlite:///{data_dir}/bench.sqlite3",
        }
        out = (
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    "--facilities",
                    str(args.facilities),
                    "--searches",
                    str(args.searches),
                    "--scans",
                    str(args.scans),
                ],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
    r = json.loads(out)
    print(
        f"SQLite: {r['facilities']} facilities imported from locator JSON pages in {r['import_seconds']} s "
        f"= {r['import_per_second']} rows per second"
    )
    print(
        f"25-mile search, buprenorphine + sliding scale, {r['searches']} searches: median {r['median_ms']} ms, "
        f"p95 {r['p95_ms']} ms (results: median {r['median_results']}, max {r['max_results']})"
    )
    print(
        f"full scan (every row read, filters and distance in Python), {r['scans']} searches: "
        f"median {r['naive_median_ms']} ms, p95 {r['naive_p95_ms']} ms; speed-up "
        f"{r['naive_median_ms'] / r['median_ms']:.0f}x at the median, {r['naive_p95_ms'] / r['p95_ms']:.0f}x at p95"
    )
    print(
        f"strict scan (filters in SQL, no box), {r['scans']} searches: median {r['scan_median_ms']} ms, "
        f"p95 {r['scan_p95_ms']} ms; speed-up {r['scan_median_ms'] / r['median_ms']:.0f}x at the median, "
        f"{r['scan_p95_ms'] / r['p95_ms']:.0f}x at p95"
    )


if __name__ == "__main__":
    main()


# --- Meetings (appended by the meetings app) -------------------------------------------------
# 100,000 synthetic meetings around the same cities, imported as a Meeting Guide feed through
# the real importer, then 25-mile searches with two filters (for families, can go in person)
# beside a full scan. Runs after the facilities part:
#     .venv/bin/python benchmarks/directory_search.py [--facilities N]   (N meetings too)

MEETING_FELLOWSHIPS = ["na", "aa", "nar_anon", "al_anon", "smart", "smart_family"]
MEETING_ZONES = {"US": "America/New_York", "CA": "America/Toronto"}


def synthetic_meeting_feed(count: int, seed: int = 9) -> tuple[bytes, list, list]:
    rng = random.Random(seed)
    cities = north_american_cities()
    weights = [int(c["population"]) for c in cities]
    rows = []
    for i, city in enumerate(rng.choices(cities, weights=weights, k=count)):
        online = rng.random() < 0.2
        rows.append(
            {
                "slug": f"bench-{i}",
                "name": f"Meeting {i}",
                "day": rng.randrange(7),
                "time": f"{rng.randrange(6, 22):02d}:{rng.choice(['00', '30'])}",
                "timezone": MEETING_ZONES[city["countrycode"]],
                "types": rng.sample(["O", "C", "X", "BE", "D", "ST"], 2),
                "address": "" if online and rng.random() < 0.5 else f"{i} Main Street",
                "city": city["name"],
                "state": city["admin1code"],
                "country": city["countrycode"],
                "latitude": round(city["latitude"] + rng.gauss(0, 0.25), 6),
                "longitude": round(city["longitude"] + rng.gauss(0, 0.3), 6),
                "conference_url": "https://zoom.example.org/j/1" if online else "",
            }
        )
    return json.dumps(rows).encode(), cities, weights


def run_meetings(count: int, searches: int, scans: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from alongside.directory import geo
    from alongside.meetings.models import Meeting
    from alongside.meetings.search import Criteria, filtered, light_rows, next_day, search

    call_command("migrate", verbosity=0)
    feed, cities, weights = synthetic_meeting_feed(count)
    rows = json.loads(feed)
    # One feed per fellowship, as real lists come: each fellowship publishes its own.
    from alongside.meetings.services import import_meetings

    added, import_seconds = 0, 0.0
    for n, fellowship in enumerate(MEETING_FELLOWSHIPS):
        with tempfile.NamedTemporaryFile(suffix=".json") as handle:
            handle.write(json.dumps(rows[n :: len(MEETING_FELLOWSHIPS)]).encode())
            handle.flush()
            started = time.perf_counter()
            report = import_meetings(
                None, handle.name, source=f"bench-{fellowship}", default_zone="UTC", fellowship=fellowship
            )
            import_seconds += time.perf_counter() - started
            added += report.added
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    rng = random.Random(99)
    coords = list(Meeting.objects.values_list("latitude", "longitude"))
    points = [(c["latitude"], c["longitude"]) for c in rng.choices(cities, weights=weights, k=searches // 2)]
    points += rng.sample(coords, searches - len(points))
    rng.shuffle(points)

    def criteria(lat, lon):
        return Criteria(families=True, attendance="in_person", latitude=lat, longitude=lon, miles=25)

    def indexed(lat, lon):
        return search(criteria(lat, lon))

    def full_scan(lat, lon):  # strict: the same filters in SQL and light rows, every row's distance computed
        return geo.within(light_rows(filtered(criteria(lat, lon))), lat, lon, 25)

    from alongside.meetings.models import FAMILY_FELLOWSHIPS, Attendance

    in_person = {Attendance.IN_PERSON, Attendance.HYBRID}

    def naive_scan(lat, lon):  # no index, no SQL filter: read every meeting, test filters and distance
        rows = [
            r
            for r in light_rows(Meeting.objects.all(), "fellowship", "attendance")
            if r.fellowship in FAMILY_FELLOWSHIPS and r.attendance in in_person
        ]
        return geo.within(rows, lat, lon, 25)

    def timed(fn, lat, lon):
        t = time.perf_counter()
        found = fn(lat, lon)
        return (time.perf_counter() - t) * 1000, found

    for lat, lon in points[:10]:
        indexed(lat, lon)
    search_ms, sizes = [], []
    for lat, lon in points:
        ms, found = timed(indexed, lat, lon)
        search_ms.append(ms)
        sizes.append(len(found))
    naive_ms = []
    for lat, lon in points[:scans]:
        ms, found = timed(naive_scan, lat, lon)
        naive_ms.append(ms)
        assert [m.key for m, _d in found] == [m.key for m, _d in indexed(lat, lon)]
    scan_ms = []
    for lat, lon in points[:scans]:
        ms, found = timed(full_scan, lat, lon)
        scan_ms.append(ms)
        assert [m.key for m, _d in found] == [m.key for m, _d in indexed(lat, lon)]
    next_ms = []
    for lat, lon in points[:50]:  # "next meetings near me": the next 24 hours within 25 miles
        ms, _found = timed(lambda a, b: next_day(Criteria(latitude=a, longitude=b, miles=25)), lat, lon)
        next_ms.append(ms)
    return {
        "next_median_ms": round(statistics.median(next_ms), 1),
        "next_p95_ms": round(percentile(next_ms, 0.95), 1),
        "meetings": Meeting.objects.count(),
        "import_added": added,
        "import_seconds": round(import_seconds, 1),
        "import_per_second": round(added / import_seconds),
        "searches": len(search_ms),
        "median_ms": round(statistics.median(search_ms), 2),
        "p95_ms": round(percentile(search_ms, 0.95), 2),
        "median_results": statistics.median(sizes),
        "max_results": max(sizes),
        "scans": len(scan_ms),
        "scan_median_ms": round(statistics.median(scan_ms), 1),
        "scan_p95_ms": round(percentile(scan_ms, 0.95), 1),
        "naive_median_ms": round(statistics.median(naive_ms), 1),
        "naive_p95_ms": round(percentile(naive_ms, 0.95), 1),
    }


def meetings_main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--facilities", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=300)
    parser.add_argument("--scans", type=int, default=20)
    args, _rest = parser.parse_known_args()
    here = os.path.dirname(os.path.abspath(__file__))
    code = (
        f"import sys, json; sys.path.insert(0, {here!r}); import directory_search as d; "
        f"print(json.dumps(d.run_meetings({args.facilities}, {args.searches}, {args.scans})))"
    )
    with tempfile.TemporaryDirectory() as data_dir:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "alongside.settings",
            "ALONGSIDE_DATA_DIR": data_dir,
            "DATABASE_URL": f"sqlite:///{data_dir}/bench.sqlite3",
        }
        out = (
            subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
            .stdout.strip()
            .splitlines()[-1]
        )
    r = json.loads(out)
    print(
        f"SQLite: {r['meetings']} meetings imported from Meeting Guide feeds in {r['import_seconds']} s "
        f"= {r['import_per_second']} rows per second"
    )
    print(
        f"25-mile meeting search, for families + in person, {r['searches']} searches: median {r['median_ms']} ms, "
        f"p95 {r['p95_ms']} ms (results: median {r['median_results']}, max {r['max_results']})"
    )
    print(
        f"full scan (every row read, filters and distance in Python), {r['scans']} searches: "
        f"median {r['naive_median_ms']} ms, p95 {r['naive_p95_ms']} ms; speed-up "
        f"{r['naive_median_ms'] / r['median_ms']:.0f}x at the median, {r['naive_p95_ms'] / r['p95_ms']:.0f}x at p95"
    )
    print(
        f"strict scan (filters in SQL, no box), {r['scans']} searches: median {r['scan_median_ms']} ms, "
        f"p95 {r['scan_p95_ms']} ms; speed-up {r['scan_median_ms'] / r['median_ms']:.0f}x at the median, "
        f"{r['scan_p95_ms'] / r['p95_ms']:.0f}x at p95"
    )
    print(
        f"next meetings near me (24 hours, 25 miles), 50 searches: median {r['next_median_ms']} ms, "
        f"p95 {r['next_p95_ms']} ms"
    )


if __name__ == "__main__" and "--child" not in sys.argv:
    meetings_main()


# --- Streaming import of one large file, at two sizes (issue 17) -------------------------------
# One locator file (one page, as a whole-country export would be) and one Meeting Guide feed, each
# imported from disk in a fresh process, the way the command and the upload page's background job
# do it: read a row at a time (core/jsonstream.py) and written in batches of 1,000 rows in one
# transaction. Each is run at 20,000 and at N rows (default 100,000): rows per second, and peak
# memory two ways: the process's ru_maxrss high-water mark after the import minus before it
# (Django and the database already loaded) and tracemalloc's peak of Python allocations during the
# import (a second run). Bounded memory means the peaks stay about the same at both sizes.
#     .venv/bin/python benchmarks/directory_search.py --facilities 100000


def write_large_locator_file(path: str, count: int) -> int:
    pages, _cities, _weights = synthetic_pages(count, page_size=count)
    with open(path, "wb") as out:
        out.write(pages[0][1])
    return os.path.getsize(path)


def write_large_meeting_feed(path: str, count: int) -> int:
    body, _cities, _weights = synthetic_meeting_feed(count)
    with open(path, "wb") as out:
        out.write(body)
    return os.path.getsize(path)


def run_streaming_import(path: str, kind: str, traced: bool) -> dict:
    import resource
    import tracemalloc

    import django

    django.setup()
    from django.core.management import call_command

    from alongside.directory.importers import import_files
    from alongside.meetings.services import import_meetings

    call_command("migrate", verbosity=0)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    if kind == "facilities":
        with open(path, "rb") as handle:
            report = import_files([(path, handle)], fmt="locator")
    else:
        report = import_meetings(None, path, source="bench", fellowship="na")
    seconds = time.perf_counter() - started
    peak_traced = tracemalloc.get_traced_memory()[1] if traced else 0
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "rows": report.added,
        "seconds": round(seconds, 1),
        "per_second": round(report.added / seconds),
        "rss_growth_mb": round((after - before) / 1024),
        "traced_peak_mb": round(peak_traced / 2**20, 1),
    }


def streaming_main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--facilities", type=int, default=100_000)
    args, _rest = parser.parse_known_args()
    here = os.path.dirname(os.path.abspath(__file__))
    sizes = sorted({min(20_000, args.facilities), args.facilities})
    with tempfile.TemporaryDirectory() as data_dir:

        def child(expr: str) -> str:
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "alongside.settings",
                "ALONGSIDE_DATA_DIR": data_dir,
                "DATABASE_URL": f"sqlite:///{data_dir}/bench-{time.monotonic_ns()}.sqlite3",
            }
            code = f"import sys, json; sys.path.insert(0, {here!r}); import directory_search as d; print(json.dumps({expr}))"
            return json.loads(
                subprocess.run(
                    [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
                )
                .stdout.strip()
                .splitlines()[-1]
            )

        for kind, writer, label in (
            ("facilities", "write_large_locator_file", "locator file"),
            ("meetings", "write_large_meeting_feed", "Meeting Guide feed"),
        ):
            print(f"Streaming import, {label} (read a row at a time, written in batches of 1,000):")
            for count in sizes:
                path = os.path.join(data_dir, f"{kind}-{count}.json")
                size = child(f"d.{writer}({path!r}, {count})")
                timed = child(f"d.run_streaming_import({path!r}, {kind!r}, False)")
                traced = child(f"d.run_streaming_import({path!r}, {kind!r}, True)")
                print(
                    f"  {count} rows ({size / 2**20:.0f} MB): {timed['rows']} added in {timed['seconds']} s = "
                    f"{timed['per_second']} rows per second; peak memory growth {timed['rss_growth_mb']} MB "
                    f"(ru_maxrss), Python allocations peak {traced['traced_peak_mb']} MB (tracemalloc)"
                )
                os.remove(path)


if __name__ == "__main__" and "--child" not in sys.argv:
    streaming_main()
