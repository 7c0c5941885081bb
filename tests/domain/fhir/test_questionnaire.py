"""FHIR shapes of the 19 instruments (cell-therapy.md §2.4; instruments.md §1.3, §2.7).

Every resource is validated with `fhir.resources`. That package (v8) has no R4 subpackage — only
R5 (top level), R4B and STU3 — so the R4B models stand in for R4: Questionnaire,
QuestionnaireResponse and Observation have the same elements in R4 4.0.1 and R4B 4.3.0.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.domain.fhir import (
    CANONICAL_BASE,
    observations,
    questionnaire,
    questionnaire_response,
)
from regenpath.domain.fhir.questionnaire import LOINC, SCALE_SYSTEM, emitted_loinc
from regenpath.domain.instruments import (
    Instrument,
    ScoringInputError,
    UnknownInstrumentError,
    get,
    score,
)
from regenpath.domain.instruments.registry import CODES
from regenpath.domain.instruments.textpack import FORMAT, TextPack, parse_text_pack

AUTHORED = datetime(2026, 3, 4, 9, 30, tzinfo=timezone(timedelta(hours=1)))
SUBJECT = "Patient/p1"
QR_REF = "QuestionnaireResponse/qr1"

# The LOINC codes each instrument's resources may carry: the codes §4 tags VERIFIED, in the role
# §4 gives them (a score code on its scale, 82324-5 and 97908-8 as instrument codes, the PROMIS-29
# raw-score codes on the raw sum). Everything else — UNVERIFIED candidates and 71959-1, which
# regenpath never emits for v2.x (§4.16) — must be absent (§2.7).
EMITTED_LOINC: dict[str, set[str]] = {
    "peg": {"91147-9"},
    "bpi-sf": {"77565-0"},
    "koos": {"72102-7", "72101-9", "72100-1", "72099-5", "72098-7"},
    "koos-jr": {"82324-5"},
    "hoos": {"72097-9", "72096-1", "72095-3", "72094-6", "72093-8"},
    "hoos-jr": {"82323-7"},
    "odi": {"97908-8", "97909-6"},
    "promis-29": {"71960-9", "71968-2"},
}


def full_responses(instrument: Instrument, pick: int = -1) -> dict[str, int | None]:
    """Answer every item with the code at position `pick`; one item per conflict group."""
    responses: dict[str, int | None] = {item.id: item.codes[pick] for item in instrument.items}
    for group in instrument.conflicts:
        for item_id in group[1:]:
            del responses[item_id]
    return responses


def placeholder_pack(code: str) -> TextPack:
    """Return a pack of placeholder strings covering every item but the last."""
    items = get(code).items[:-1]
    return parse_text_pack(
        {
            "format": FORMAT,
            "instrument": code,
            "instrument_version": "placeholder-version",
            "language": "en-GB",
            "licence": {
                "holder": "placeholder holder",
                "reference": "LIC-9",
                "expires": "2027-01-31",
            },
            "title": "placeholder title",
            "items": {
                item.id: {
                    "text": f"text for {item.id}",
                    "options": {str(c): f"option {c} for {item.id}" for c in item.codes},
                }
                for item in items
            },
        }
    )


def codings(resource: object, system: str) -> Iterator[str]:
    """Yield every code of `system` anywhere in a JSON-like resource."""
    if isinstance(resource, dict):
        if resource.get("system") == system and "code" in resource:
            yield resource["code"]
        for value in resource.values():
            yield from codings(value, system)
    elif isinstance(resource, list):
        for value in resource:
            yield from codings(value, system)


def all_resources(code: str) -> list[dict[str, Any]]:
    instrument = get(code)
    responses = full_responses(instrument)
    return [
        questionnaire(code),
        questionnaire(code, placeholder_pack(code)),
        questionnaire_response(code, responses, subject_ref=SUBJECT, authored=AUTHORED),
        *observations(
            score(code, responses), subject_ref=SUBJECT, effective=AUTHORED, derived_from_ref=QR_REF
        ),
        *observations(
            score(code, {}), subject_ref=SUBJECT, effective=AUTHORED, derived_from_ref=QR_REF
        ),
    ]


# --- Questionnaire, for every instrument ---------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_questionnaire_validates_for_every_instrument(code: str) -> None:
    resource = questionnaire(code)
    Questionnaire.model_validate(resource)
    instrument = get(code)
    assert resource["status"] == "active"
    assert resource["url"] == f"{CANONICAL_BASE}/Questionnaire/{code}"
    assert resource["identifier"] == [{"system": f"{CANONICAL_BASE}/instrument", "value": code}]
    assert [item["linkId"] for item in resource["item"]] == [item.id for item in instrument.items]
    for item, fhir_item in zip(instrument.items, resource["item"], strict=True):
        assert fhir_item["type"] == "choice"
        assert [o["valueCoding"]["code"] for o in fhir_item["answerOption"]] == [
            str(c) for c in item.codes
        ]


@pytest.mark.parametrize("code", CODES)
def test_questionnaire_without_a_pack_shows_identifiers_only(code: str) -> None:
    # §1.1 rules 4–5: no text and no labels in the repository; the developer descriptors are
    # never rendered either.
    resource = questionnaire(code)
    for item, fhir_item in zip(get(code).items, resource["item"], strict=True):
        assert fhir_item["text"] == item.id
        assert all("display" not in o["valueCoding"] for o in fhir_item["answerOption"])
    assert "language" not in resource
    assert resource["title"] == get(code).name


@pytest.mark.parametrize("code", CODES)
def test_questionnaire_takes_text_from_the_pack_and_falls_back_per_item(code: str) -> None:
    pack = placeholder_pack(code)
    resource = questionnaire(code, pack)
    Questionnaire.model_validate(resource)
    *covered, last = resource["item"]
    for fhir_item in covered:
        item_id = fhir_item["linkId"]
        assert fhir_item["text"] == f"text for {item_id}"
        assert [o["valueCoding"]["display"] for o in fhir_item["answerOption"]] == [
            f"option {c} for {item_id}" for c in get(code).item(item_id).codes
        ]
    assert last["text"] == last["linkId"]
    assert all("display" not in o["valueCoding"] for o in last["answerOption"])
    assert resource["language"] == "en-GB"
    assert resource["title"] == "placeholder title"
    assert "placeholder holder (reference LIC-9, expires 2027-01-31)" in resource["copyright"]


@pytest.mark.parametrize("code", CODES)
def test_questionnaire_states_that_regenpath_claims_no_rights(code: str) -> None:
    assert "claims no rights in instrument content" in questionnaire(code)["copyright"]


def test_questionnaire_omits_the_display_of_an_empty_pack_label() -> None:
    data = {
        "format": FORMAT,
        "instrument": "nrs-pain",
        "instrument_version": "placeholder-version",
        "language": "en-US",
        "items": {"NRS": {"text": "text for NRS", "options": {str(c): "" for c in range(11)}}},
    }
    data["items"]["NRS"]["options"]["0"] = "option 0"  # type: ignore[index]
    (item,) = questionnaire("nrs-pain", parse_text_pack(data))["item"]
    assert item["answerOption"][0]["valueCoding"]["display"] == "option 0"
    assert all("display" not in o["valueCoding"] for o in item["answerOption"][1:])


def test_questionnaire_rejects_a_pack_for_another_instrument() -> None:
    with pytest.raises(ValueError, match="hoos: the text pack is for koos"):
        questionnaire("hoos", placeholder_pack("koos"))


def test_questionnaire_rejects_an_unknown_instrument() -> None:
    with pytest.raises(UnknownInstrumentError):
        questionnaire("kooz")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("koos-jr", [{"system": LOINC, "code": "82324-5"}]),
        ("odi", [{"system": LOINC, "code": "97908-8"}]),
    ],
)
def test_questionnaire_carries_a_verified_instrument_code(
    code: str, expected: list[dict[str, str]]
) -> None:
    assert questionnaire(code)["code"] == expected


def test_questionnaire_omits_the_unverified_hoos_jr_panel_code() -> None:
    # §4.7: 82316-1 "[HOOSJR]" panel is single-source, UNVERIFIED.
    assert "code" not in questionnaire("hoos-jr")


# --- LOINC emission (§2.7), for every instrument --------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_resources_emit_exactly_the_verified_loinc_codes(code: str) -> None:
    emitted = {c for resource in all_resources(code) for c in codings(resource, LOINC)}
    assert emitted == EMITTED_LOINC.get(code, set())
    verified = {c for c, tag in get(code).loinc.items() if tag == "VERIFIED"}
    assert emitted <= verified


@pytest.mark.parametrize(
    ("code", "loinc", "expected"),
    [
        pytest.param("koos", "72102-7", "72102-7", id="verified"),
        pytest.param("nrs-pain", "38208-5", None, id="unverified"),
        pytest.param("promis-29", "71959-1", None, id="verified-but-not-emitted-by-policy"),
        pytest.param("koos", "72097-9", None, id="verified-for-another-instrument"),
        pytest.param("koos", None, None, id="none"),
    ],
)
def test_emitted_loinc_requires_the_registry_tag_verified(
    code: str, loinc: str | None, expected: str | None
) -> None:
    assert emitted_loinc(get(code), loinc) == expected


def test_observations_never_emit_the_v1_promis_pf_t_score_code() -> None:
    # §4.16 project policy: 71959-1 is the v1.0 PF T-score; regenpath scores v2.1.
    resources = all_resources("promis-29")
    assert "71959-1" not in {c for r in resources for c in codings(r, LOINC)}


# --- QuestionnaireResponse, for every instrument ------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_questionnaire_response_validates_for_every_instrument(code: str) -> None:
    responses = full_responses(get(code), pick=0)
    resource = questionnaire_response(code, responses, subject_ref=SUBJECT, authored=AUTHORED)
    QuestionnaireResponse.model_validate(resource)
    assert resource["questionnaire"] == f"{CANONICAL_BASE}/Questionnaire/{code}|prom-rules-1"
    assert resource["subject"] == {"reference": SUBJECT}
    assert resource["authored"] == "2026-03-04T09:30:00+01:00"
    assert resource["status"] == "completed"
    assert {
        item["linkId"]: item["answer"][0]["valueCoding"]["code"] for item in resource["item"]
    } == {item_id: str(value) for item_id, value in responses.items()}


def test_questionnaire_response_leaves_out_unanswered_items() -> None:
    resource = questionnaire_response(
        "peg",
        {"P": 4, "E": None},
        subject_ref=SUBJECT,
        authored=AUTHORED,
        author_ref="Practitioner/x",
    )
    assert resource["item"] == [
        {
            "linkId": "P",
            "answer": [
                {
                    "valueCoding": {
                        "system": f"{CANONICAL_BASE}/CodeSystem/prom-response",
                        "code": "4",
                    }
                }
            ],
        }
    ]
    assert resource["author"] == {"reference": "Practitioner/x"}


def test_questionnaire_response_records_the_pack_language_version_and_labels() -> None:
    pack = placeholder_pack("koos")
    resource = questionnaire_response(
        "koos", {"P1": 2}, subject_ref=SUBJECT, authored=AUTHORED, pack=pack
    )
    QuestionnaireResponse.model_validate(resource)
    assert resource["language"] == "en-GB"
    assert resource["extension"] == [
        {
            "url": f"{CANONICAL_BASE}/StructureDefinition/text-pack-version",
            "valueString": "placeholder-version",
        }
    ]
    assert resource["item"][0]["answer"][0]["valueCoding"]["display"] == "option 2 for P1"


def test_questionnaire_response_validates_the_answers() -> None:
    with pytest.raises(ScoringInputError) as caught:
        questionnaire_response("koos", {"P1": 5, "P10": 1}, subject_ref=SUBJECT, authored=AUTHORED)
    assert [e.kind for e in caught.value.errors] == ["out_of_range", "unknown_item"]


def test_questionnaire_response_rejects_a_naive_authored_time() -> None:
    with pytest.raises(ValueError, match="authored must be timezone-aware"):
        questionnaire_response(
            "peg", {"P": 1}, subject_ref=SUBJECT, authored=datetime(2026, 3, 4, 9, 30)
        )


def test_questionnaire_response_rejects_a_pack_for_another_instrument() -> None:
    with pytest.raises(ValueError, match="peg: the text pack is for koos"):
        questionnaire_response(
            "peg", {}, subject_ref=SUBJECT, authored=AUTHORED, pack=placeholder_pack("koos")
        )


# --- Observations, for every instrument ---------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("pick", [0, -1])
def test_observations_validate_for_every_instrument(code: str, pick: int) -> None:
    result = score(code, full_responses(get(code), pick))
    resources = observations(
        result, subject_ref=SUBJECT, effective=AUTHORED, derived_from_ref=QR_REF
    )
    assert len(resources) == len(result.scales)
    for resource, (scale_code, scale) in zip(resources, result.scales.items(), strict=True):
        Observation.model_validate(resource)
        assert resource["status"] == "final"
        assert resource["category"][0]["coding"][0]["code"] == "survey"
        assert resource["derivedFrom"] == [{"reference": QR_REF}]
        assert resource["subject"] == {"reference": SUBJECT}
        assert {"system": SCALE_SYSTEM, "code": f"{code}/{scale_code}"} in resource["code"][
            "coding"
        ]
        if scale.value is None:
            assert resource["dataAbsentReason"]["text"] == scale.reason
        else:
            # Full precision (§2.5): the very float the engine produced.
            assert resource["valueQuantity"]["value"] == scale.value
            assert "dataAbsentReason" not in resource


@pytest.mark.parametrize("code", CODES)
def test_observations_of_an_empty_response_set_carry_the_reasons(code: str) -> None:
    result = score(code, {})
    resources = observations(
        result, subject_ref=SUBJECT, effective=date(2026, 3, 4), derived_from_ref=QR_REF
    )
    for resource, scale in zip(resources, result.scales.values(), strict=True):
        Observation.model_validate(resource)
        assert "valueQuantity" not in resource
        assert resource["effectiveDateTime"] == "2026-03-04"
        absent = resource["dataAbsentReason"]
        assert absent["text"] == scale.reason
        assert absent["coding"][1] == {
            "system": f"{CANONICAL_BASE}/CodeSystem/prom-reason",
            "code": scale.reason_code,
        }


def test_observations_keep_full_precision() -> None:
    # quickdash-1 (§4.10): exact 500/11, a non-terminating decimal, must not be rounded.
    result = score(
        "quickdash", {f"Q{n}": c for n, c in enumerate([3, 4, 3, 2, 2, 3, 2, 3, 4, 2, 3], 1)}
    )
    (first, *_) = observations(
        result, subject_ref=SUBJECT, effective=AUTHORED, derived_from_ref=QR_REF
    )
    assert first["valueQuantity"]["value"] == 500 / 11


@pytest.mark.parametrize(
    ("reason_code", "responses", "scale", "expected"),
    [
        ("not_administered", {"Q1": 1}, 1, "not-performed"),  # quickdash work module
        ("too_few_items", {"Q1": 1}, 0, "unknown"),
    ],
)
def test_observations_map_reason_codes_to_data_absent_reason(
    reason_code: str, responses: dict[str, int], scale: int, expected: str
) -> None:
    resources = observations(
        score("quickdash", responses),
        subject_ref=SUBJECT,
        effective=AUTHORED,
        derived_from_ref=QR_REF,
    )
    assert resources[scale]["dataAbsentReason"]["coding"][0] == {
        "system": "http://terminology.hl7.org/CodeSystem/data-absent-reason",
        "code": expected,
    }
    assert resources[scale]["dataAbsentReason"]["coding"][1]["code"] == reason_code


def test_observations_map_depends_on_unscored_to_unknown() -> None:
    responses = full_responses(get("womac"), pick=1)
    del responses["WP3"]  # womac-5: pain unscored, so total depends on an unscored scale
    resources = observations(
        score("womac", responses), subject_ref=SUBJECT, effective=AUTHORED, derived_from_ref=QR_REF
    )
    total = resources[-1]["dataAbsentReason"]
    assert [c["code"] for c in total["coding"]] == ["unknown", "depends_on_unscored"]


def test_observations_carry_raw_se_flags_and_interpretation() -> None:
    responses = {
        "PAININ9": 1,
        "PAININ22": 1,
        "PAININ31": 1,
        "PAININ34": 1,
        "PAININ12": 1,
        "PAININ36": 1,
    }
    result = score("promis-pi-6a", responses)
    (resource,) = observations(
        result, subject_ref=SUBJECT, effective=AUTHORED, derived_from_ref=QR_REF
    )
    scale = result.scales["pain_interference"]
    assert [e["valueCode"] for e in resource["extension"]] == list(scale.flags)
    raw, se = resource["component"]
    assert raw["valueInteger"] == scale.raw == 6
    assert raw["code"]["coding"] == [
        {"system": SCALE_SYSTEM, "code": "promis-pi-6a/pain_interference/raw"}
    ]
    assert se["valueQuantity"]["value"] == scale.se


def test_observations_code_the_verified_promis_raw_sum_with_loinc() -> None:
    result = score("promis-29", full_responses(get("promis-29"), pick=0))
    resources = observations(
        result, subject_ref=SUBJECT, effective=AUTHORED, derived_from_ref=QR_REF
    )
    pf = resources[0]
    assert pf["code"]["coding"] == [{"system": SCALE_SYSTEM, "code": "promis-29/physical_function"}]
    raw = pf["component"][0]
    assert raw["code"]["coding"][0] == {"system": LOINC, "code": "71960-9"}
    assert raw["valueInteger"] == result.scales["physical_function"].raw


def test_observations_give_percent_units_to_percentage_scales() -> None:
    result = score("ndi", {f"S{n}": 2 for n in range(1, 11)})
    ndi, percent = observations(
        result, subject_ref=SUBJECT, effective=AUTHORED, derived_from_ref=QR_REF
    )
    assert ndi["valueQuantity"]["code"] == "{score}"
    assert percent["valueQuantity"]["code"] == "%"
    assert ndi["interpretation"][0]["text"] == result.scales["ndi"].interpretation


def test_observations_record_the_rules_version() -> None:
    (resource,) = observations(
        score("pgic", {"PGIC": 2}), subject_ref=SUBJECT, effective=AUTHORED, derived_from_ref=QR_REF
    )
    assert resource["method"]["coding"][0]["code"] == "prom-rules-1"


def test_observations_accept_a_utc_effective_time() -> None:
    moment = datetime(2026, 3, 4, 9, 30, tzinfo=UTC)
    (resource,) = observations(
        score("pgic", {"PGIC": 2}), subject_ref=SUBJECT, effective=moment, derived_from_ref=QR_REF
    )
    assert resource["effectiveDateTime"] == "2026-03-04T09:30:00+00:00"


def test_observations_reject_a_naive_effective_time() -> None:
    with pytest.raises(ValueError, match="effective must be timezone-aware"):
        observations(
            score("pgic", {}),
            subject_ref=SUBJECT,
            effective=datetime(2026, 3, 4),
            derived_from_ref=QR_REF,
        )


# --- property: any valid response set of any instrument gives valid resources -------------------


@st.composite
def response_sets(draw: st.DrawFn) -> tuple[str, dict[str, int | None]]:
    code = draw(st.sampled_from(CODES))
    instrument = get(code)
    excluded = {item_id for group in instrument.conflicts for item_id in group[1:]}
    responses = {
        item.id: draw(st.none() | st.sampled_from(item.codes))
        for item in instrument.items
        if item.id not in excluded
    }
    return code, responses


@settings(max_examples=60, deadline=None)
@given(case=response_sets())
def test_resources_validate_for_any_valid_response_set(
    case: tuple[str, dict[str, int | None]],
) -> None:
    code, responses = case
    qr = questionnaire_response(code, responses, subject_ref=SUBJECT, authored=AUTHORED)
    QuestionnaireResponse.model_validate(qr)
    assert [item["linkId"] for item in qr["item"]] == [
        k for k, v in responses.items() if v is not None
    ]
    result = score(code, responses)
    for resource in observations(
        result, subject_ref=SUBJECT, effective=AUTHORED, derived_from_ref=QR_REF
    ):
        Observation.model_validate(resource)
        assert set(codings(resource, LOINC)) <= EMITTED_LOINC.get(code, set())
