"""Demo rows: made-up facilities around a few cities (a source marked as sample data, shown
with a "Sample data" badge everywhere), the real locator sample, and a shortlist entry."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from alongside.directory import features as feats

SAMPLE_SOURCE = {"key": "sample-data", "label": "Sample data (made up for the demo)", "url": ""}
REAL_SAMPLE = Path(__file__).resolve().parent / "data" / "findtreatment-locator-sample.json"

CITIES = [
    # name, region, postal code, country, latitude, longitude, area code
    ("Chicago", "IL", "60601", "US", 41.8857, -87.6229, "312"),
    ("Denver", "CO", "80202", "US", 39.7527, -104.9990, "303"),
    ("Atlanta", "GA", "30303", "US", 33.7527, -84.3915, "404"),
    ("Toronto", "ON", "M5V", "CA", 43.6426, -79.3871, "416"),
    ("Vancouver", "BC", "V6B", "CA", 49.2798, -123.1153, "604"),
]
NAMES = [
    "Riverside Recovery Clinic",
    "Harbour Light Treatment Centre",
    "New Morning Health",
    "Maple Street Outpatient Programme",
    "Open Door Family Services",
    "Crossroads Medication Clinic",
    "Lakeview Residential Programme",
    "Bridgeway Day Programme",
]
PROFILES = [
    [
        "outpatient",
        "iop",
        "buprenorphine",
        "naltrexone",
        "medicaid",
        "sliding_scale",
        "adults",
        "young_adults",
        "co_occurring",
        "family_counselling",
        "accepts_moud",
    ],
    ["residential", "detox", "medicaid", "private_insurance", "adults", "co_occurring", "accepts_moud"],
    [
        "outpatient",
        "methadone",
        "buprenorphine",
        "medicaid",
        "medicare",
        "payment_assistance",
        "adults",
        "seniors",
        "accepts_moud",
    ],
    [
        "outpatient",
        "telehealth",
        "buprenorphine",
        "private_insurance",
        "sliding_scale",
        "adults",
        "young_adults",
        "family_counselling",
        "accepts_moud",
    ],
    ["outpatient", "youth", "family_counselling", "medicaid", "free", "co_occurring"],
    [
        "php",
        "iop",
        "naltrexone",
        "private_insurance",
        "medicare",
        "adults",
        "co_occurring",
        "family_counselling",
    ],
    [
        "hospital_inpatient",
        "detox",
        "methadone",
        "buprenorphine",
        "medicaid",
        "medicare",
        "private_insurance",
        "adults",
        "seniors",
        "accepts_moud",
    ],
    ["outpatient", "buprenorphine", "free", "sliding_scale", "adults", "young_adults", "accepts_moud"],
]


def sample_rows() -> dict[str, dict]:
    rng = random.Random(8)
    rows = {}
    for name, region, postal, country, lat, lon, area in CITIES:
        for i, base in enumerate(NAMES):
            keys = PROFILES[i]
            languages = ["fr"] if country == "CA" and i % 2 else (["es"] if i % 3 == 0 else [])
            rows[f"{name.lower()}-{i}"] = {
                "name": f"{base} (sample)",
                "name2": "",
                "street": f"{100 + 17 * i} Example Street",
                "city": name,
                "region": region,
                "postal_code": postal,
                "country": country,
                # 555-0100 to 555-0199 are kept for fiction in North America.
                "phone": f"{area}-555-01{i:02d}",
                "intake_phone": "",
                "website": "",
                "latitude": round(lat + rng.uniform(-0.15, 0.15), 5),
                "longitude": round(lon + rng.uniform(-0.2, 0.2), 5),
                "features": feats.mask_of(keys),
                "languages": feats.encode_languages(languages),
                "services": [],
            }
    return rows


def load_sample_facilities():
    from alongside.directory.importers import ReadResult, apply_import

    return apply_import(SAMPLE_SOURCE, ReadResult(sample_rows(), [], True, []), is_sample=True)


def add_demo(*, circle, members, stdout) -> None:
    from alongside.directory.importers import import_files
    from alongside.directory.models import Facility
    from alongside.directory.services import add_to_shortlist, log_call

    report = load_sample_facilities()
    stdout.write(f"Treatment directory: {report.summary()}")
    if REAL_SAMPLE.exists():
        real = import_files(
            [(REAL_SAMPLE.name, REAL_SAMPLE.read_bytes())],
            fmt="locator",
            source_key="findtreatment-sample",
            source_label="FindTreatment.gov (SAMHSA): an older sample export, details may have changed",
        )
        stdout.write(f"Treatment directory: {real.summary()}")
    facility = (
        Facility.objects.filter(source__key=SAMPLE_SOURCE["key"], city="Toronto").order_by("name").first()
    )
    if facility is None:
        return
    item = add_to_shortlist(
        members["organiser"],
        circle,
        kind="facility",
        ref=str(facility.pk),
        name=facility.name,
        phone=facility.phone,
        address=facility.address,
        url=facility.website,
        visibility="circle",
    )
    log_call(
        members["organiser"],
        item,
        called_at=timezone.now() - timedelta(days=1),
        outcome="spoke",
        waiting_list="Demo: about two weeks for a first appointment.",
        cost="Demo: covered by the provincial plan.",
        intake_steps="Demo: a phone assessment first, then an in-person visit.",
        visibility="circle",
    )
