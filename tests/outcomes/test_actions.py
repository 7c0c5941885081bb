"""Recording questionnaires: stored, scored by the engine, derived, audited; bad input saves nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from regenpath.audit.models import AuditEvent
from regenpath.domain.instruments import RULES_VERSION, ScoringInputError, derive, get, score
from regenpath.domain.instruments.textpack import parse_text_pack
from regenpath.outcomes import actions
from regenpath.outcomes.models import InstrumentLicence, OutcomeSettings, QuestionnaireResponse
from tests.outcomes.conftest import all_items, placeholder_pack

pytestmark = pytest.mark.django_db


def test_record_response_stores_raw_answers_and_the_engine_score(episode: Any, record: Any) -> None:
    answers = all_items("koos", 1) | {"P3": None, "P4": 4}
    response = record(episode, "koos", answers, timepoint="baseline")
    stored = QuestionnaireResponse.objects.get(instrument="koos")
    expected = {k: v for k, v in answers.items() if v is not None}
    assert stored.responses == expected
    assert stored.score == score("koos", expected).to_dict()
    assert stored.rules_version == RULES_VERSION
    assert stored.instrument_version == get("koos").version
    assert (stored.clinic_id, stored.patient_id) == (episode.clinic_id, episode.patient_id)
    assert stored.textpack_language == stored.textpack_version == ""
    assert response.pk == stored.pk


def test_record_response_audits_counts_not_answers(episode: Any, record: Any) -> None:
    response = record(episode, "nrs-pain", {"NRS": 7}, timepoint="3m")
    event = AuditEvent.objects.get(action="response.create", object_id=str(response.pk))
    assert event.patient_id == episode.patient_id
    assert event.changes["instrument"] == [None, "nrs-pain"]
    assert event.changes["timepoint"] == [None, "3m"]
    assert event.changes["items_answered"] == [None, 1]
    assert "NRS" not in event.changes and "7" not in str(event.changes.get("NRS", ""))


@pytest.mark.parametrize(
    ("instrument", "answers", "kind"),
    [
        ("koos", {"P3": 5}, "out_of_range"),
        ("koos", {"P3": "3"}, "wrong_type"),
        ("koos", {"P3": True}, "wrong_type"),
        ("koos", {"P10": 1}, "unknown_item"),
        ("visa-a", {"Q8A": 14, "Q8B": 10}, "conflict"),
    ],
)
def test_record_response_invalid_answers_save_nothing(
    episode: Any, record: Any, instrument: str, answers: dict[str, Any], kind: str
) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(ScoringInputError) as raised:
        record(episode, instrument, answers)
    assert [e.kind for e in raised.value.errors] == [kind]
    assert QuestionnaireResponse.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_record_response_future_completion_date_is_refused(episode: Any, record: Any) -> None:
    with pytest.raises(ValidationError):
        record(episode, "nrs-pain", {"NRS": 3}, completed_on=dt.date.today() + dt.timedelta(2))
    assert QuestionnaireResponse.objects.count() == 0


def test_record_response_full_koos_also_stores_the_derived_koos_jr(
    episode: Any, record: Any
) -> None:
    answers = all_items("koos", 2) | {"P2": 3, "A2": 1}
    source = record(episode, "koos", answers)
    derived = QuestionnaireResponse.objects.get(instrument="koos-jr")
    assert derived.derived_from == source
    assert derived.derivation_note == "derived from koos"
    expected = {k: v for k, v in derive("koos", "koos-jr", answers).items() if v is not None}
    assert derived.responses == expected
    assert derived.score == score("koos-jr", expected).to_dict()
    assert (derived.timepoint, derived.completed_on) == (source.timepoint, source.completed_on)
    assert AuditEvent.objects.filter(action="response.create").count() == 2


def test_record_response_full_hoos_also_stores_the_derived_hoos_jr(
    episode: Any, record: Any
) -> None:
    record(episode, "hoos", all_items("hoos", 1))
    derived = QuestionnaireResponse.objects.get(instrument="hoos-jr")
    assert derived.derivation_note == "derived from hoos"
    assert derived.score["scales"]["hoos_jr"]["value"] is not None


def test_record_response_koos_without_any_jr_item_stores_no_jr(episode: Any, record: Any) -> None:
    jr_items = {item.id for item in get("koos-jr").items}
    answers = {k: v for k, v in all_items("koos", 1).items() if k not in jr_items}
    record(episode, "koos", answers)
    assert list(QuestionnaireResponse.objects.values_list("instrument", flat=True)) == ["koos"]


def test_record_response_koos_to_womac_only_when_the_clinic_enables_it(
    episode: Any, record: Any, alice: Any
) -> None:
    record(episode, "koos", all_items("koos", 1))
    assert not QuestionnaireResponse.objects.filter(instrument="womac").exists()
    actions.update_outcome_settings(clinic=episode.clinic, by=alice, derive_womac_from_koos=True)
    source = record(episode, "koos", all_items("koos", 2), timepoint="3m")
    womac = QuestionnaireResponse.objects.get(instrument="womac")
    assert womac.derived_from == source
    assert womac.derivation_note == "derived from koos"
    assert womac.score["scales"]["total"]["value"] == 48.0  # womac-4: every item 2


def test_record_response_stores_the_text_pack_language_and_version(
    episode: Any, record: Any
) -> None:
    pack = parse_text_pack(placeholder_pack("nrs-pain", "en-GB"))
    response = record(episode, "nrs-pain", {"NRS": 4}, textpack=pack)
    assert response.textpack_language == "en-GB"
    assert response.textpack_version == "nrs-pain placeholder pack v1"


def test_record_response_refuses_a_text_pack_of_another_instrument(
    episode: Any, record: Any
) -> None:
    pack = parse_text_pack(placeholder_pack("koos"))
    with pytest.raises(ValueError, match="text pack is for koos"):
        record(episode, "nrs-pain", {"NRS": 4}, textpack=pack)
    assert QuestionnaireResponse.objects.count() == 0


def test_record_licence_creates_then_replaces_and_audits_both(clinics: Any, alice: Any) -> None:
    clinic = clinics["riverside"]
    actions.record_licence(
        clinic=clinic, instrument="koos", holder="Mapi", reference="L-1", expires=None, by=alice
    )
    actions.record_licence(
        clinic=clinic,
        instrument="koos",
        holder="Mapi",
        reference="L-2",
        expires=dt.date(2027, 1, 31),
        by=alice,
    )
    licence = InstrumentLicence.objects.get(clinic=clinic, instrument="koos")
    assert (licence.reference, licence.expires) == ("L-2", dt.date(2027, 1, 31))
    events = AuditEvent.objects.filter(action="licence.record").order_by("seq")
    assert [e.changes.get("reference") for e in events] == [[None, "L-1"], ["L-1", "L-2"]]
    assert events[1].changes["expires"] == [None, "2027-01-31"]


def test_record_licence_unchanged_is_not_audited_again(clinics: Any, alice: Any) -> None:
    values = {"holder": "IWH", "reference": "B-7", "expires": None}
    actions.record_licence(clinic=clinics["riverside"], instrument="quickdash", by=alice, **values)
    actions.record_licence(clinic=clinics["riverside"], instrument="quickdash", by=alice, **values)
    assert AuditEvent.objects.filter(action="licence.record").count() == 1


def test_record_licence_refuses_a_blank_reference(clinics: Any, alice: Any) -> None:
    with pytest.raises(ValidationError):
        actions.record_licence(
            clinic=clinics["riverside"],
            instrument="odi",
            holder="Mapi",
            reference="   ",
            expires=None,
            by=alice,
        )
    assert not InstrumentLicence.objects.exists()


def test_update_outcome_settings_audits_old_and_new(clinics: Any, personas: Any) -> None:
    clinic = clinics["riverside"]
    actions.update_outcome_settings(clinic=clinic, by=personas["adam"], text_language="en-GB")
    settings = OutcomeSettings.objects.get(clinic=clinic)
    assert (settings.text_language, settings.derive_womac_from_koos) == ("en-GB", False)
    event = AuditEvent.objects.get(action="outcome_settings.update")
    assert event.changes == {"text_language": ["en", "en-GB"]}


def test_update_outcome_settings_refuses_unknown_fields(clinics: Any, alice: Any) -> None:
    with pytest.raises(ValueError, match="cannot be changed"):
        actions.update_outcome_settings(clinic=clinics["riverside"], by=alice, clinic_id=2)
