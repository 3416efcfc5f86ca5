"""Who changes the reference data every staff member reads: the admin kota of the city it belongs to.

A city's record, the positions in it, the officials holding or having held one and the events it hosts are its
own; another city's open read-only, and changing, deleting or adding them is refused. National bodies (APEKSI, a
ministry, a province) belong to no city: only a superuser changes them. The permission matrix walks every door
for every role; this file tells the finding it closes and the edges (inlines, bulk deletion, autocompletes).
"""

import datetime

import pytest
from django.urls import reverse

from cities.models import City, Event, Official, Position, Role
from tests.factories import (
    autocomplete,
    client_for,
    make_event,
    make_official,
    make_position,
    management,
    reference_form_data,
    staff,
    superuser,
)


def admin_url(obj_or_model, view, *args):
    opts = obj_or_model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


@pytest.fixture
def rows(serang, cimahi):
    """Serang's and Cimahi's mayors with their positions and events, and APEKSI's, which belong to no city."""
    rows = {}
    for city in (serang, cimahi):
        mayor = make_official(name=f"Wali Kota {city.short_name}", slug=f"wali-kota-{city.slug}")
        rows[city.slug] = {
            Official: mayor,
            Position: make_position(mayor, city=city, starts_on=datetime.date(2023, 1, 1)),
            Event: make_event(name=f"Rakor {city.short_name}", slug=f"rakor-{city.slug}", host_city=city),
        }
    apeksi = make_official(name="Ketua APEKSI", slug="ketua-apeksi")
    rows["apeksi"] = {
        Official: apeksi,
        Position: make_position(apeksi, title="Ketua Umum APEKSI", organisation="APEKSI"),
        Event: make_event(name="Rakernas APEKSI", slug="rakernas-apeksi", organiser="APEKSI"),
    }
    return rows


NAME = {Official: "name", Position: "title", Event: "name"}


@pytest.fixture
def serang_admin(serang):
    return client_for(staff(serang, Role.ADMIN, "admin-serang"))


# --- finding 11: another city's event, official and position -------------------------------------------------


@pytest.mark.parametrize("model", [Event, Official, Position])
def test_a_city_admin_cannot_change_another_citys_or_a_national_row(serang_admin, rows, model):
    for owner in ("cimahi", "apeksi"):
        row = rows[owner][model]
        page = serang_admin.get(admin_url(row, "change", row.pk))
        assert page.status_code == 200  # readable
        assert page.context["has_change_permission"] is False

        data = reference_form_data(row, **{NAME[model]: "Diubah oleh Serang"})
        assert serang_admin.post(admin_url(row, "change", row.pk), data).status_code == 403
        assert serang_admin.post(admin_url(row, "delete", row.pk), {"post": "yes"}).status_code == 403

        stored = model.objects.get(pk=row.pk)
        assert getattr(stored, NAME[model]) == getattr(row, NAME[model])


@pytest.mark.parametrize("model", [Event, Official, Position])
def test_a_city_admin_changes_their_own_citys_row(serang_admin, rows, model):
    row = rows["serang"][model]
    data = reference_form_data(row, **{NAME[model]: "Diubah oleh Serang"})

    response = serang_admin.post(admin_url(row, "change", row.pk), data)

    assert response.status_code == 302
    assert getattr(model.objects.get(pk=row.pk), NAME[model]) == "Diubah oleh Serang"


def test_a_city_admin_deletes_only_their_own_citys_positions(serang_admin, rows):
    theirs, ours = rows["cimahi"][Position], rows["serang"][Position]
    assert serang_admin.post(admin_url(theirs, "delete", theirs.pk), {"post": "yes"}).status_code == 403
    assert Position.objects.filter(pk=theirs.pk).exists()

    # Nor through the list's bulk deletion.
    changelist = admin_url(Position, "changelist")
    action = {"action": "delete_selected", "_selected_action": [theirs.pk, ours.pk], "post": "yes"}
    serang_admin.post(changelist, action)
    assert Position.objects.filter(pk=theirs.pk).exists()

    assert serang_admin.post(admin_url(ours, "delete", ours.pk), {"post": "yes"}).status_code == 302
    assert not Position.objects.filter(pk=ours.pk).exists()


def test_a_superuser_changes_every_row(rows):
    client = client_for(superuser())
    for owner in ("cimahi", "apeksi"):
        for model in (Event, Official, Position):
            row = rows[owner][model]
            data = reference_form_data(row, **{NAME[model]: f"Diubah {owner}"})
            assert client.post(admin_url(row, "change", row.pk), data).status_code == 302
            assert getattr(model.objects.get(pk=row.pk), NAME[model]) == f"Diubah {owner}"


# --- adding with another city's values --------------------------------------------------------------------------


def test_a_city_admin_adds_positions_and_events_only_in_their_own_city(serang_admin, serang, cimahi, rows):
    ours, theirs = rows["serang"][Official], rows["cimahi"][Official]
    position = {"title": "Sekda", "organisation": "", "tenure": "definitive", "starts_on": "", "ends_on": ""}
    position.update({"source_note": "", "inferred_fields": "[]"})

    for official, city, field in ((ours, cimahi, "city"), (theirs, serang, "official"), (ours, None, "city")):
        data = {**position, "official": str(official.pk), "city": str(city.pk) if city else ""}
        if city is None:
            data["organisation"] = "APEKSI"  # a national body's position
        response = serang_admin.post(admin_url(Position, "add"), data)
        assert response.status_code == 200
        assert field in response.context["adminform"].form.errors
    assert Position.objects.count() == 3

    event = reference_form_data(rows["cimahi"][Event], name="Rakor Baru", slug="rakor-baru")
    for host in (str(cimahi.pk), ""):
        response = serang_admin.post(admin_url(Event, "add"), {**event, "host_city": host})
        assert response.status_code == 200
        assert "host_city" in response.context["adminform"].form.errors
    assert not Event.objects.filter(slug="rakor-baru").exists()

    response = serang_admin.post(admin_url(Position, "add"), {**position, "official": ours.pk, "city": serang.pk})
    assert response.status_code == 302
    response = serang_admin.post(admin_url(Event, "add"), {**event, "host_city": serang.pk})
    assert response.status_code == 302


def official_with_position(city, **overrides):
    data = reference_form_data(Official(name="Pejabat Baru", slug="pejabat-baru"), **management("positions", total=1))
    data.update(
        {
            "positions-0-title": "Kepala Dinas",
            "positions-0-city": str(city.pk) if city else "",
            "positions-0-organisation": "" if city else "APEKSI",
            "positions-0-tenure": "definitive",
            "positions-0-starts_on": "",
            "positions-0-ends_on": "",
        }
    )
    data.update(overrides)
    return data


def test_a_city_admins_new_official_holds_a_position_in_their_city(serang_admin, serang, cimahi):
    for data in (
        official_with_position(cimahi),
        official_with_position(None),
        {**official_with_position(serang), **management("positions")},  # no position at all
    ):
        response = serang_admin.post(admin_url(Official, "add"), data)
        assert response.status_code == 200
    assert not Official.objects.filter(slug="pejabat-baru").exists()

    response = serang_admin.post(admin_url(Official, "add"), official_with_position(serang))
    assert response.status_code == 302
    assert Official.objects.get(slug="pejabat-baru").positions.get().city == serang


# --- an official of several cities -------------------------------------------------------------------------------


def test_on_an_official_of_several_cities_only_the_own_positions_change(serang_admin, serang, rows):
    """A Wali Kota of Serang who chairs APEKSI: Serang changes the person and the Serang position, not APEKSI's."""
    mayor, ours = rows["serang"][Official], rows["serang"][Position]
    chair = make_position(mayor, title="Ketua Umum APEKSI", organisation="APEKSI")

    page = serang_admin.get(admin_url(mayor, "change", mayor.pk))
    assert page.context["has_change_permission"] is True
    positions = page.context["inline_admin_formsets"][0].formset
    assert [form.instance for form in positions.initial_forms] == [ours]
    assert "Ketua Umum APEKSI" in page.content.decode()  # shown read-only above the inline

    # A forged form row for the APEKSI position changes nothing: it is not among the formset's rows.
    for delete in ("", "on"):
        data = reference_form_data(mayor, **management("positions", total=1, initial=1))
        data.update({"positions-0-id": str(chair.pk), "positions-0-official": str(mayor.pk)})
        data.update({"positions-0-title": "Diubah", "positions-0-organisation": "APEKSI", "positions-0-city": ""})
        data.update({"positions-0-tenure": "acting", "positions-0-starts_on": "", "positions-0-ends_on": ""})
        data["positions-0-DELETE"] = delete
        serang_admin.post(admin_url(mayor, "change", mayor.pk), data)
        chair.refresh_from_db()
        assert (chair.title, chair.tenure) == ("Ketua Umum APEKSI", Position.Tenure.DEFINITIVE)


# --- autocompletes offer what the field accepts ----------------------------------------------------------------


def test_autocompletes_offer_only_what_the_field_accepts(serang_admin, rows):
    assert autocomplete(serang_admin, "city", model_name="position", app_label="cities") == {"Kota Serang"}
    assert autocomplete(serang_admin, "host_city", model_name="event", app_label="cities") == {"Kota Serang"}
    assert autocomplete(serang_admin, "official", model_name="position", app_label="cities") == {"Wali Kota Serang"}
    # Participating cities and speakers may be anyone's.
    assert autocomplete(serang_admin, "cities", model_name="event", app_label="cities") == {
        "Kota Serang",
        "Kota Cimahi",
    }


def test_the_rule_is_one_queryset_method_per_model(serang, cimahi, rows):
    admin = staff(serang, Role.ADMIN)
    assert set(City.objects.editable_by(admin)) == {serang}
    assert set(Official.objects.editable_by(admin)) == {rows["serang"][Official]}
    assert set(Position.objects.editable_by(admin)) == {rows["serang"][Position]}
    assert set(Event.objects.editable_by(admin)) == {rows["serang"][Event]}
    # An editor or a writer keeps no reference data; a superuser keeps all, national bodies too.
    for role in (Role.REDAKTUR, Role.PENULIS):
        user = staff(serang, role)
        assert not any(m.objects.editable_by(user).exists() for m in (City, Official, Position, Event))
    assert set(Official.objects.editable_by(superuser())) == set(Official.objects.all())
