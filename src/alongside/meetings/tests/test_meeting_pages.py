from __future__ import annotations

from datetime import time

import pytest
from django.urls import reverse

from alongside.directory.models import ShortlistItem
from alongside.meetings import demo
from alongside.meetings.models import Meeting

pytestmark = pytest.mark.django_db

CVILLE = {"latitude": 38.0293, "longitude": -78.4767}


@pytest.fixture
def fellowships(make_meeting):
    return {
        f: make_meeting(name=f"{f} group", fellowship=f, day=1, time=time(19, 0), **CVILLE)
        for f in ("na", "nar_anon", "aa", "al_anon", "smart", "smart_family", "other")
    }


def listed(response) -> set[str]:
    html = response.content.decode()
    return {m.name for m in Meeting.objects.all() if f">{m.name}</a>" in html}


def test_the_families_filter_shows_only_nar_anon_al_anon_and_smart_family_and_friends(client, fellowships):
    response = client.get(reverse("meetings:index"), {"families": "on"})
    assert response.status_code == 200
    assert listed(response) == {"nar_anon group", "al_anon group", "smart_family group"}
    assert Meeting.objects.for_families().count() == 3


def test_without_filters_every_meeting_is_listed(client, fellowships):
    assert len(listed(client.get(reverse("meetings:index")))) == 7


def test_fellowship_and_day_filters(client, fellowships, make_meeting):
    make_meeting(name="NA on Friday", fellowship="na", day=5, time=time(12, 0))
    assert listed(client.get(reverse("meetings:index"), {"fellowship": "na"})) == {"na group", "NA on Friday"}
    assert listed(client.get(reverse("meetings:index"), {"fellowship": "na", "day": "5"})) == {"NA on Friday"}


def test_online_includes_hybrid_and_ignores_the_place(client, make_meeting):
    make_meeting(name="Room only", attendance="in_person", **CVILLE)
    make_meeting(name="Both ways", attendance="hybrid", **CVILLE)
    make_meeting(name="Zoom anywhere", attendance="online")
    params = {"lat": CVILLE["latitude"], "lon": CVILLE["longitude"], "miles": 5}
    assert listed(client.get(reverse("meetings:index"), {**params, "attendance": "online"})) == {
        "Both ways",
        "Zoom anywhere",
    }
    assert listed(client.get(reverse("meetings:index"), {**params, "attendance": "in_person"})) == {
        "Room only",
        "Both ways",
    }
    assert listed(client.get(reverse("meetings:index"), params)) == {"Room only", "Both ways"}


def test_a_zip_code_finds_meetings_nearby_with_their_distance(client, make_meeting):
    make_meeting(name="Downtown", **CVILLE)
    make_meeting(name="Richmond", latitude=37.5407, longitude=-77.4360)
    response = client.get(reverse("meetings:index"), {"place": "22902", "miles": 25})
    assert listed(response) == {"Downtown"}
    assert "miles (" in response.content.decode()


def test_an_unknown_place_says_so_and_keeps_what_was_typed(client, make_meeting):
    make_meeting(name="Downtown", **CVILLE)
    html = client.get(reverse("meetings:index"), {"place": "Nowhereville Zzz"}).content.decode()
    assert "We could not find that place" in html
    assert 'value="Nowhereville Zzz"' in html and 'aria-invalid="true"' in html


def test_type_codes_show_with_labels_in_the_viewer_s_language(client, make_meeting):
    meeting = make_meeting(name="Typed", type_codes=",C,X,", day=1, time=time(19, 0))
    assert "Wheelchair Access" in client.get(reverse("meetings:index")).content.decode()
    html = client.get(f"/es/help/meetings/{meeting.id}/").content.decode()
    assert "Cerrada" in html and "Acceso en silla de ruedas" in html
    html = client.get(f"/fr/help/meetings/{meeting.id}/").content.decode()
    assert "Fermé" in html and "Accès aux fauteuils roulants" in html


def test_the_detail_page_shows_how_to_join_and_where_the_data_comes_from(client, make_meeting):
    meeting = make_meeting(
        name="Join us",
        attendance="hybrid",
        conference_url="https://zoom.us/j/9",
        conference_phone="+15550100",
        address="1 Main St",
        city="Charlottesville",
        region="VA",
        day=0,
        time=time(18, 0),
        end_time=time(19, 30),
    )
    html = client.get(reverse("meetings:detail", args=[meeting.id])).content.decode()
    assert 'href="https://zoom.us/j/9"' in html and 'href="tel:+15550100"' in html
    assert "1 Main St, Charlottesville, VA" in html
    assert "Every Sunday at 6 p.m. (America/New_York)" in html
    assert "Imported on" in html


def test_a_visitor_does_not_see_the_shortlist_button(client, make_meeting):
    meeting = make_meeting()
    assert "shortlist" not in client.get(reverse("meetings:detail", args=[meeting.id])).content.decode()


def test_a_member_saves_a_meeting_to_the_circle_s_shortlist(client, circle_members, make_meeting):
    meeting = make_meeting(
        name="Parents group",
        fellowship="nar_anon",
        conference_phone="+15550100",
        address="1 Main St",
        city="Charlottesville",
    )
    circle = circle_members["circle"]
    client.force_login(circle_members["supporter"])
    html = client.get(reverse("meetings:detail", args=[meeting.id])).content.decode()
    action = reverse("directory:shortlist_add", args=[circle.id])
    assert f'action="{action}"' in html and "Save to the circle's shortlist (Sam" in html
    response = client.post(
        action,
        {
            "kind": "meeting",
            "ref": str(meeting.id),
            "name": meeting.name,
            "phone": meeting.conference_phone,
            "address": meeting.full_address,
            "url": "",
            "visibility": "supporters",
        },
    )
    assert response.status_code == 302
    item = ShortlistItem.objects.get()
    assert (item.kind, item.ref, item.name, item.circle) == (
        "meeting",
        str(meeting.id),
        "Parents group",
        circle,
    )


def test_sample_meetings_are_marked_as_sample_data_wherever_they_are_shown(client):
    assert demo.add_demo() == len(demo.SAMPLES)
    demo.add_demo()  # refreshing does not duplicate
    assert Meeting.objects.filter(is_sample=True).count() == len(demo.SAMPLES)
    html = client.get(reverse("meetings:index")).content.decode()
    assert "sample data" in html and html.count("sample-badge") == len(demo.SAMPLES)
    meeting = Meeting.objects.filter(is_sample=True).first()
    html = client.get(reverse("meetings:detail", args=[meeting.id])).content.decode()
    assert "This is sample data" in html


def test_sample_meetings_sit_near_the_demo_cities(client):
    demo.add_demo()
    toronto = client.get(reverse("meetings:index"), {"place": "Toronto, ON", "miles": 10}).content.decode()
    assert "Wednesday Night Parents (sample)" in toronto and "Hope on Tuesdays" not in toronto
    cville = client.get(reverse("meetings:index"), {"place": "22902", "miles": 10}).content.decode()
    assert "Hope on Tuesdays (sample)" in cville and "Wednesday Night Parents" not in cville


def test_an_unknown_meeting_is_404(client):
    assert client.get("/help/meetings/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_the_demo_command_loads_the_sample_meetings():
    from django.core.management import call_command

    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert Meeting.objects.filter(is_sample=True, source="sample").count() == len(demo.SAMPLES)
