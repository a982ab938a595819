from __future__ import annotations

import io

import pytest
from django.urls import reverse

from alongside.directory import demo
from alongside.directory.models import CallLog, Facility, ShortlistItem

pytestmark = pytest.mark.django_db


def test_the_demo_adds_sample_facilities_the_real_sample_and_a_shortlist_entry(circle_members, client):
    c = circle_members
    members = {
        "organiser": c["organiser"],
        "supporter": c["supporter"],
        "supporter2": c["supporter"],
        "person": c["person"],
    }
    demo.add_demo(circle=c["circle"], members=members, stdout=io.StringIO())
    sample = Facility.objects.filter(source__is_sample=True)
    assert sample.count() == len(demo.CITIES) * len(demo.NAMES)
    assert all("(sample)" in f.name and "555-01" in f.phone for f in sample)  # numbers kept for fiction
    assert Facility.objects.filter(source__key="findtreatment-sample").count() == 30
    item = ShortlistItem.objects.get()
    assert CallLog.objects.filter(item=item).exists()
    client.force_login(c["person"])
    page = client.get(reverse("directory:shortlist_item", args=[c["circle"].id, item.id])).content.decode()
    assert "Sample data" in page


def test_loading_the_demo_twice_adds_nothing_new():
    demo.load_sample_facilities()
    again = demo.load_sample_facilities()
    assert again.added == 0 and again.unchanged == len(demo.CITIES) * len(demo.NAMES)
