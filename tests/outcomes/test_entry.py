"""Entering a paper questionnaire: the form, engine errors beside each item, the score panel."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from regenpath.domain.instruments import display, get, score
from regenpath.outcomes.models import QuestionnaireResponse
from tests.outcomes.conftest import all_items, placeholder_pack, write_pack

pytestmark = pytest.mark.django_db


def _enter_url(episode: Any, code: str) -> str:
    return reverse("outcomes:enter_response", args=[episode.uuid, code])


def _post_data(answers: dict[str, Any], **meta: Any) -> dict[str, Any]:
    data = {
        "source": "paper",
        "timepoint": "baseline",
        "completed_on": "2025-02-03",
        **meta,
    }
    data.update({f"item_{item}": str(code) for item, code in answers.items()})
    return data


def _text(response: Any) -> str:
    """Return the page's text: tags removed, whitespace collapsed, entities decoded."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_choose_instrument_lists_the_conditions_suggestions_first(
    client_for: Any, episode: Any
) -> None:
    response = client_for("carol").get(reverse("outcomes:choose_instrument", args=[episode.uuid]))
    assert response.status_code == 200
    suggested = [use.code for use in response.context["suggested"]]
    assert suggested == list(episode.condition.instruments)
    others = {use.code for use in response.context["others"]}
    assert others.isdisjoint(suggested) and "odi" in others
    assert len(others) + len(suggested) == 19


def test_entry_form_without_text_pack_shows_identifiers_and_allowed_codes(
    client_for: Any, episode: Any
) -> None:
    response = client_for("carol").get(_enter_url(episode, "koos"))
    assert response.status_code == 200
    form = response.context["form"]
    field = form.fields["item_P3"]
    assert field.label == "P3"
    assert field.help_text == "Allowed codes 0–4"
    assert [value for value, _ in field.widget.choices] == ["", "0", "1", "2", "3", "4"]
    assert len([n for n in form.fields if n.startswith("item_")]) == len(get("koos").items)
    text = _text(response)
    assert "each item shows its identifier and its allowed response codes" in text
    assert '<label for="id_item_P3">P3</label>' in response.content.decode()


def test_entry_form_uses_the_clinics_text_pack_when_loaded(
    client_for: Any, episode: Any, textpack_dir: Path
) -> None:
    write_pack(textpack_dir, placeholder_pack("koos", "en-US"))
    response = client_for("carol").get(_enter_url(episode, "koos"))
    field = response.context["form"].fields["item_P3"]
    assert field.label == "placeholder text P3"
    assert ("2", "2 · label 2") in field.widget.choices
    assert "Item text from the en-US text pack" in _text(response)


def test_entry_form_groups_items_by_scale(client_for: Any, episode: Any) -> None:
    form = client_for("carol").get(_enter_url(episode, "koos")).context["form"]
    legends = [legend for legend, _ in form.item_groups()]
    assert legends == ["KOOS symptoms", "KOOS pain", "KOOS ADL", "KOOS sport/rec", "KOOS QOL"]


def test_entry_saves_scores_and_shows_the_score_panel(client_for: Any, episode: Any) -> None:
    client = client_for("carol")
    answers = all_items("koos", 1) | {"P1": 3}
    response = client.post(_enter_url(episode, "koos"), _post_data(answers))
    stored = QuestionnaireResponse.objects.get(instrument="koos")
    assert response.status_code == 302
    assert response["Location"] == reverse("outcomes:response_detail", args=[stored.uuid])
    assert stored.responses == answers
    assert stored.score == score("koos", answers).to_dict()
    assert (stored.source, stored.timepoint) == ("paper", "baseline")
    assert stored.completed_on == dt.date(2025, 2, 3)
    assert stored.entered_by.username == "carol"
    page = _text(client.get(response["Location"]))
    expected = score("koos", answers).scales["pain"].value
    assert expected is not None
    assert f"KOOS pain higher is better {display(expected, 1)} " in page
    assert "This is the baseline." in page
    assert "Saved Knee injury and Osteoarthritis Outcome Score (KOOS), baseline." in page


def test_entry_wrong_code_shows_the_engine_message_beside_the_item_and_saves_nothing(
    client_for: Any, episode: Any
) -> None:
    answers = all_items("koos", 1) | {"P3": 7, "S1": 9}
    response = client_for("carol").post(_enter_url(episode, "koos"), _post_data(answers))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["item_P3"] == ["koos: item 'P3' has response code 7; allowed codes are 0–4"]
    assert form.errors["item_S1"] == ["koos: item 'S1' has response code 9; allowed codes are 0–4"]
    body = response.content.decode()
    error = re.search(r'id="id_item_P3_error"[^>]*>([^<]*)<', body)
    assert error is not None
    assert unescape(error.group(1)) == "koos: item 'P3' has response code 7; allowed codes are 0–4"
    assert "Nothing was saved." in body
    assert not QuestionnaireResponse.objects.exists()


def test_entry_non_integer_code_is_the_engines_wrong_type_error(
    client_for: Any, episode: Any
) -> None:
    response = client_for("carol").post(_enter_url(episode, "nrs-pain"), _post_data({"NRS": "3.5"}))
    assert response.context["form"].errors["item_NRS"] == [
        "nrs-pain: item 'NRS' has a value of type str ('3.5'); an int response code is required"
    ]
    assert not QuestionnaireResponse.objects.exists()


def test_entry_conflicting_visa_a_items_are_refused(client_for: Any, episode: Any) -> None:
    answers = {f"Q{i}": 5 for i in range(1, 7)} | {"Q7": 4, "Q8A": 14, "Q8C": 5}
    response = client_for("carol").post(_enter_url(episode, "visa-a"), _post_data(answers))
    assert response.context["form"].errors["item_Q8A"] == [
        "visa-a: items Q8A and Q8C are both answered; answer exactly one of Q8A, Q8B, Q8C"
    ]
    assert not QuestionnaireResponse.objects.exists()


def test_entry_future_date_is_a_field_error(client_for: Any, episode: Any) -> None:
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    response = client_for("carol").post(
        _enter_url(episode, "nrs-pain"), _post_data({"NRS": 4}, completed_on=future)
    )
    assert response.context["form"].errors["completed_on"] == [
        "The completion date cannot be in the future."
    ]
    assert not QuestionnaireResponse.objects.exists()


def test_entry_unanswered_items_are_omitted_and_reasons_shown(
    client_for: Any, episode: Any
) -> None:
    client = client_for("alice")
    answers = {"S1": 1, "S2": 2, "S3": 1, "P1": 2}
    data = _post_data(answers) | {"item_P2": ""}
    response = client.post(_enter_url(episode, "koos"), data)
    stored = QuestionnaireResponse.objects.get(instrument="koos")
    assert stored.responses == answers
    page = _text(client.get(response["Location"]))
    assert "KOOS symptoms: 3 of 7 items answered; at least 4 required" in page
    assert "KOOS pain: 1 of 9 items answered; at least 5 required" in page


def test_entry_unknown_instrument_is_404(client_for: Any, episode: Any) -> None:
    assert client_for("carol").get(_enter_url(episode, "koos-ps")).status_code == 404


def test_entry_proposes_baseline_first_then_no_timepoint(
    client_for: Any, episode: Any, record: Any
) -> None:
    client = client_for("carol")
    assert client.get(_enter_url(episode, "nrs-pain")).context["form"]["timepoint"].initial == (
        "baseline"
    )
    record(episode, "nrs-pain", {"NRS": 6})
    response = client.get(_enter_url(episode, "nrs-pain"))
    assert response.context["form"]["timepoint"].value() == ""
    assert '<option value="" selected>Choose a timepoint</option>' in response.content.decode()
    missing = client.post(_enter_url(episode, "nrs-pain"), _post_data({"NRS": 4}, timepoint=""))
    assert missing.context["form"].errors["timepoint"] == ["This field is required."]


def test_score_panel_shows_change_from_the_episode_baseline_with_its_meaning(
    client_for: Any, episode: Any, record: Any
) -> None:
    # KOOS pain: all nine items 2 → 50.0; all 1 → 75.0 (100 − mean × 25): +25.0, MIC 15.
    record(episode, "koos", all_items("koos", 2), completed_on=dt.date(2025, 1, 10))
    follow = record(
        episode, "koos", all_items("koos", 1), timepoint="6m", completed_on=dt.date(2025, 7, 10)
    )
    page = _text(client_for("alice").get(reverse("outcomes:response_detail", args=[follow.uuid])))
    assert "KOOS pain +25.0: improved, above the minimal important change of 15" in page
    assert "Mostafaee et al., Physiother Theory Pract 2021" in page
    assert "VERIFIED (abstract)" in page
    assert "Change is from the baseline completed 10 Jan 2025" in page
    assert "OMERACT-OARSI: responder (criterion 1: pain, function)" in page
    assert "UNVERIFIED thresholds (Pham 2004" in page


def test_score_panel_pain_scale_shows_immpact_and_farrar(
    client_for: Any, episode: Any, record: Any
) -> None:
    record(episode, "nrs-pain", {"NRS": 8})
    follow = record(
        episode, "nrs-pain", {"NRS": 5}, timepoint="3m", completed_on=dt.date(2025, 4, 1)
    )
    page = _text(client_for("alice").get(reverse("outcomes:response_detail", args=[follow.uuid])))
    # change-1 of reference §5.1: 8 → 5 is 37.5 %, moderate, Farrar responder.
    assert "NRS pain -3: improved, above the minimal important change of 2" in page
    assert "IMMPACT: moderate (37.5 % reduction); Farrar responder (≥ 2 points or ≥ 30 %): yes" in (
        page
    )


def test_score_panel_without_baseline_says_why_no_change(
    client_for: Any, episode: Any, record: Any
) -> None:
    follow = record(episode, "nrs-pain", {"NRS": 5}, timepoint="3m")
    page = _text(client_for("alice").get(reverse("outcomes:response_detail", args=[follow.uuid])))
    assert "No baseline for this episode and instrument: change cannot be shown." in page


def test_score_panel_flags_unverified_table_cells_visibly(
    client_for: Any, episode: Any, record: Any
) -> None:
    response = record(episode, "promis-pi-6a", all_items("promis-pi-6a", 1))
    page = _text(client_for("alice").get(reverse("outcomes:response_detail", args=[response.uuid])))
    assert "⚠ UNVERIFIED table cell" in page
    assert "floor: lowest possible raw sum" in page
    assert "41.1" in page and "raw sum 6" in page and "SE 6.0" in page


def test_score_panel_rounds_half_up_for_display(client_for: Any, episode: Any, record: Any) -> None:
    # KOOS QOL Q1–Q4 = 1, 1, 1, 2 → 100 − 5/16 × 100 = 68.75 → displayed 68.8 (half-up).
    answers = all_items("koos", 1) | {"Q4": 2}
    response = record(episode, "koos", answers)
    assert response.score["scales"]["qol"]["value"] == 68.75
    page = _text(client_for("alice").get(reverse("outcomes:response_detail", args=[response.uuid])))
    assert "68.8" in page and "68.75" not in page


def test_score_panel_notes_scores_from_older_rules(
    client_for: Any, episode: Any, record: Any
) -> None:
    response = record(episode, "nrs-pain", {"NRS": 5})
    QuestionnaireResponse.objects.filter(pk=response.pk).update(rules_version="prom-rules-0")
    page = _text(client_for("alice").get(reverse("outcomes:response_detail", args=[response.uuid])))
    assert "computed with the rules prom-rules-0" in page and "regenpath rescore" in page


def test_response_detail_links_the_derived_and_the_source(
    client_for: Any, episode: Any, record: Any
) -> None:
    source = record(episode, "koos", all_items("koos", 1))
    derived = QuestionnaireResponse.objects.get(instrument="koos-jr")
    client = client_for("alice")
    page = client.get(reverse("outcomes:response_detail", args=[source.uuid])).content.decode()
    assert reverse("outcomes:response_detail", args=[derived.uuid]) in page
    page = _text(client.get(reverse("outcomes:response_detail", args=[derived.uuid])))
    assert "derived from koos" in page


def test_response_detail_view_is_audited(client_for: Any, episode: Any, record: Any) -> None:
    from regenpath.audit.models import AuditEvent

    response = record(episode, "nrs-pain", {"NRS": 5})
    client_for("tess").get(reverse("outcomes:response_detail", args=[response.uuid]))
    event = AuditEvent.objects.get(action="response.view")
    assert event.patient_id == episode.patient_id
