"""Benchmark: the emergency page's weight and requests, in each language.

Fetches /emergency/ (and /es/, /fr/) through Django, follows every file the page links to
(stylesheet, script, icon, manifest), gzip-compresses each response as a server would, and
prints the total against the 14,336-byte budget (one TCP round trip), the number of requests
and how many go to another host (must be 0).

    .venv/bin/python benchmarks/emergency_weight.py
"""

from __future__ import annotations

import gzip
import os
import sys
import tempfile
from html.parser import HTMLParser
from urllib.parse import urlparse

BUDGET = 14_336


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href"):
            self.urls.append(attrs["href"])
        elif tag in ("script", "img") and attrs.get("src"):
            self.urls.append(attrs["src"])


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    os.environ.setdefault("ALONGSIDE_DATA_DIR", tempfile.mkdtemp(prefix="alongside-bench-"))
    import django

    django.setup()
    from django.test import Client

    client = Client()
    worst = 0
    for prefix in ("", "/es", "/fr"):
        page_url = f"{prefix}/emergency/"
        response = client.get(page_url)
        html = response.content
        parser = Links()
        parser.feed(html.decode("utf-8"))
        rows = [(page_url, len(html), len(gzip.compress(html, 9)))]
        foreign = [u for u in parser.urls if urlparse(u).netloc]
        for url in parser.urls:
            if urlparse(url).netloc:
                continue
            linked = client.get(url)
            body = b"".join(linked.streaming_content) if getattr(linked, "streaming", False) else linked.content
            assert linked.status_code == 200, (url, linked.status_code)
            rows.append((url, len(body), len(gzip.compress(body, 9))))
        total = sum(r[2] for r in rows)
        worst = max(worst, total)
        print(f"{page_url}: {len(rows)} requests, {len(foreign)} to other hosts, "
              f"{total} bytes gzip-compressed ({total / BUDGET:.0%} of {BUDGET})")
        for url, raw, packed in rows:
            print(f"    {url:<48} {raw:>6} raw {packed:>6} gzip")
        if foreign:
            print("    other hosts:", foreign)
            return 1
    print(f"largest: {worst} bytes; budget {BUDGET}; {'within' if worst <= BUDGET else 'OVER'} budget")
    return 0 if worst <= BUDGET else 1


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
    sys.exit(main())
