"""PROM instruments as FHIR R4 Questionnaire, QuestionnaireResponse and score Observations.

The pattern is that of cell-therapy.md §2.4 (VERIFIED): a Questionnaire per instrument, the
patient's QuestionnaireResponse, and one Observation per scale with `derivedFrom` pointing at the
response. Item text and option labels come only from a clinic's licensed text pack
(instruments.md §1.1, §1.3); without one, items show their identifiers. LOINC codes are emitted
only where the registry tags them VERIFIED (instruments.md §2.7, project policy).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from regenpath.domain.instruments._core import (
    DEPENDS_ON_UNSCORED,
    NOT_ADMINISTERED,
    RULES_VERSION,
    TOO_FEW_ITEMS,
    Instrument,
    Responses,
    Scale,
    ScaleResult,
    ScoreResult,
    validate,
)
from regenpath.domain.instruments.registry import get
from regenpath.domain.instruments.textpack import TextPack, item_label

# Project choice: regenpath's canonical base for the resources and code systems it defines.
CANONICAL_BASE = "https://regenpath.org/fhir"
SCALE_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/prom-scale"
RESPONSE_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/prom-response"
REASON_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/prom-reason"
INTERPRETATION_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/prom-interpretation"
RULES_SYSTEM = f"{CANONICAL_BASE}/CodeSystem/prom-rules"
INSTRUMENT_SYSTEM = f"{CANONICAL_BASE}/instrument"
FLAG_EXTENSION = f"{CANONICAL_BASE}/StructureDefinition/prom-flag"
TEXT_PACK_EXTENSION = f"{CANONICAL_BASE}/StructureDefinition/text-pack-version"

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
DATA_ABSENT_REASON = "http://terminology.hl7.org/CodeSystem/data-absent-reason"

# LOINC codes whose role is not a scale's score code, by role. Each is emitted only when the
# instrument's registry entry tags it VERIFIED (§2.7), so an entry here is never enough alone.
# §4.5: 82324-5 is the KOOS JR instrument code as CMS uses it, "not as the score observation
# code". §4.12: 97908-8 is the ODI panel (VERIFIED there; cell-therapy.md §2.4 calls it
# conflicting — the registry tag decides).
QUESTIONNAIRE_LOINC: Mapping[str, str] = {"koos-jr": "82324-5", "odi": "97908-8"}
# §4.16: VERIFIED PROMIS-29 raw-score codes (raw 4–20); the T-score is the Observation value, so
# these code the raw-sum component, never the Observation itself.
RAW_LOINC: Mapping[tuple[str, str], str] = {
    ("promis-29", "physical_function"): "71960-9",
    ("promis-29", "anxiety"): "71968-2",
}

# §3 registry ranges: these scales are percentages (0–100 %); every other value is a score.
PERCENT_SCALES = frozenset({("odi", "odi"), ("ndi", "ndi_percent")})

# §2.3 reason codes → HL7 data-absent-reason (R4 value set). A module never administered was not
# performed; a scale with too few answers, or built on unscored scales, has an unknown value.
_ABSENT = {
    TOO_FEW_ITEMS: "unknown",
    DEPENDS_ON_UNSCORED: "unknown",
    NOT_ADMINISTERED: "not-performed",
}


def questionnaire_url(code: str) -> str:
    """Return the canonical URL of the instrument's Questionnaire."""
    return f"{CANONICAL_BASE}/Questionnaire/{code}"


def emitted_loinc(instrument: Instrument, code: str | None) -> str | None:
    """Return `code` when the registry tags it VERIFIED for this instrument, else None (§2.7)."""
    if code is not None and instrument.loinc.get(code) == "VERIFIED":
        return code
    return None


# --- Questionnaire --------------------------------------------------------------------------


def questionnaire(code: str, pack: TextPack | None = None) -> dict[str, Any]:
    """Return the instrument `code` as a FHIR R4 Questionnaire (a JSON-ready dict).

    One `choice` item per item identifier (recorded-only items included), `linkId` = identifier,
    one answerOption per allowed response code. Every item is `choice` because every item has a
    finite code set, which the options enforce. Text comes from `pack` or is the identifier.
    Raises UnknownInstrumentError, or ValueError for a pack of another instrument.
    """
    instrument = get(code)
    if pack is not None and pack.instrument != code:
        raise ValueError(f"{code}: the text pack is for {pack.instrument}")
    resource: dict[str, Any] = {"resourceType": "Questionnaire"}
    if pack is not None:
        resource["language"] = pack.language
        resource["extension"] = [
            {"url": TEXT_PACK_EXTENSION, "valueString": pack.instrument_version}
        ]
    resource |= {
        "url": questionnaire_url(code),
        "identifier": [{"system": INSTRUMENT_SYSTEM, "value": code}],
        "version": RULES_VERSION,
        "name": _computable_name(code),
        "title": pack.title if pack is not None and pack.title else instrument.name,
        "status": "active",
        "subjectType": ["Patient"],
        "description": (
            f"{instrument.version}: item identifiers and response codes of the regenpath "
            f"contract {RULES_VERSION}."
        ),
        "copyright": _copyright(instrument, pack),
    }
    loinc = emitted_loinc(instrument, QUESTIONNAIRE_LOINC.get(code))
    if loinc is not None:
        resource["code"] = [{"system": LOINC, "code": loinc}]
    resource["item"] = [_item(item.id, item.codes, pack) for item in instrument.items]
    return resource


def _item(item_id: str, codes: tuple[int, ...], pack: TextPack | None) -> dict[str, Any]:
    return {
        "linkId": item_id,
        "text": item_label(pack, item_id),
        "type": "choice",
        "answerOption": [{"valueCoding": _answer(item_id, c, pack)} for c in codes],
    }


def _answer(item_id: str, response: int, pack: TextPack | None) -> dict[str, Any]:
    # Display only from the pack (§1.1 rule 5): without a label the code stands alone.
    coding: dict[str, Any] = {"system": RESPONSE_SYSTEM, "code": str(response)}
    if pack is not None and item_id in pack.items:
        label = pack.items[item_id].options.get(response, "")
        if label:
            coding["display"] = label
    return coding


def _computable_name(code: str) -> str:
    # FHIR que-0: a name starts with an upper-case letter and has only letters, digits and "_".
    return "".join(part[:1].upper() + part[1:] for part in code.split("-"))


def _copyright(instrument: Instrument, pack: TextPack | None) -> str:
    text = (
        f"{instrument.name}. Licence: {instrument.licence_status}. regenpath's licence covers its "
        "code only; regenpath claims no rights in instrument content and ships no item text "
        "(see NOTICE)."
    )
    if pack is not None and pack.licence is not None:
        licence = pack.licence
        text += (
            f" Text supplied by the clinic under licence from {licence.holder} "
            f"(reference {licence.reference}, expires {licence.expires.isoformat()})."
        )
    return text


# --- QuestionnaireResponse -------------------------------------------------------------------


def questionnaire_response(
    code: str,
    responses: Responses,
    *,
    subject_ref: str,
    authored: datetime,
    author_ref: str | None = None,
    pack: TextPack | None = None,
    status: str = "completed",
) -> dict[str, Any]:
    """Return one response set as a FHIR R4 QuestionnaireResponse (a JSON-ready dict).

    `responses` is validated exactly as for scoring (ScoringInputError on any invalid value);
    unanswered items (absent or None) have no item in the response. `authored` must be
    timezone-aware. The pack, if given, adds its language, version and option labels.
    """
    instrument = get(code)
    validate(instrument, responses)
    if pack is not None and pack.instrument != code:
        raise ValueError(f"{code}: the text pack is for {pack.instrument}")
    resource: dict[str, Any] = {"resourceType": "QuestionnaireResponse"}
    if pack is not None:
        resource["language"] = pack.language
        resource["extension"] = [
            {"url": TEXT_PACK_EXTENSION, "valueString": pack.instrument_version}
        ]
    resource |= {
        "questionnaire": f"{questionnaire_url(code)}|{RULES_VERSION}",
        "status": status,
        "subject": {"reference": subject_ref},
        "authored": _instant(authored, "authored"),
    }
    if author_ref is not None:
        resource["author"] = {"reference": author_ref}
    resource["item"] = [
        {
            "linkId": item.id,
            "answer": [{"valueCoding": _answer(item.id, response, pack)}],
        }
        for item in instrument.items
        if (response := responses.get(item.id)) is not None
    ]
    return resource


# --- Observations --------------------------------------------------------------------------


def observations(
    result: ScoreResult,
    *,
    subject_ref: str,
    effective: datetime | date,
    derived_from_ref: str,
) -> list[dict[str, Any]]:
    """Return one FHIR R4 Observation per scale of `result`, in the result's scale order.

    A scored scale carries its full-precision value as valueQuantity (§2.5: exports never
    round), its raw sum and standard error as components where present, its band as
    interpretation and its flags as extensions. An unscored scale carries dataAbsentReason with
    the engine's reason text. `derived_from_ref` references the QuestionnaireResponse.
    """
    instrument = get(result.instrument)
    scales = {scale.code: scale for scale in instrument.scales}
    when = _effective(effective)
    return [
        _observation(
            instrument,
            scales[scale_code],
            scale_result,
            rules_version=result.rules_version,
            subject_ref=subject_ref,
            effective=when,
            derived_from_ref=derived_from_ref,
        )
        for scale_code, scale_result in result.scales.items()
    ]


def _observation(
    instrument: Instrument,
    scale: Scale,
    res: ScaleResult,
    *,
    rules_version: str,
    subject_ref: str,
    effective: str,
    derived_from_ref: str,
) -> dict[str, Any]:
    resource: dict[str, Any] = {"resourceType": "Observation"}
    if res.flags:
        resource["extension"] = [{"url": FLAG_EXTENSION, "valueCode": flag} for flag in res.flags]
    resource |= {
        "status": "final",
        "category": [
            {"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}
        ],
        "code": _scale_code(instrument, scale),
        "subject": {"reference": subject_ref},
        "effectiveDateTime": effective,
        # The scoring rules that produced the value (§2.6), so a score can be replayed.
        "method": {"coding": [{"system": RULES_SYSTEM, "code": rules_version}]},
    }
    if res.value is None:
        resource["dataAbsentReason"] = {
            "coding": [
                {
                    "system": DATA_ABSENT_REASON,
                    "code": _ABSENT.get(res.reason_code or "", "unknown"),
                },
                {"system": REASON_SYSTEM, "code": res.reason_code or "unknown"},
            ],
            "text": res.reason,
        }
    else:
        resource["valueQuantity"] = _quantity(
            res.value, (instrument.code, scale.code) in PERCENT_SCALES
        )
    if res.interpretation is not None:
        resource["interpretation"] = [
            {
                "coding": [{"system": INTERPRETATION_SYSTEM, "code": res.interpretation}],
                "text": res.interpretation,
            }
        ]
    resource["derivedFrom"] = [{"reference": derived_from_ref}]
    components = _components(instrument, scale, res)
    if components:
        resource["component"] = components
    return resource


def _scale_code(instrument: Instrument, scale: Scale) -> dict[str, Any]:
    # The regenpath coding is always present so that every score can be found the same way; a
    # VERIFIED LOINC score code comes first where the registry has one (§2.7).
    own = {"system": SCALE_SYSTEM, "code": f"{instrument.code}/{scale.code}"}
    loinc = emitted_loinc(instrument, scale.loinc)
    coding = [{"system": LOINC, "code": loinc}, own] if loinc is not None else [own]
    return {"coding": coding, "text": scale.label}


def _components(instrument: Instrument, scale: Scale, res: ScaleResult) -> list[dict[str, Any]]:
    components: list[dict[str, Any]] = []
    base = f"{instrument.code}/{scale.code}"
    if res.raw is not None:
        coding = [{"system": SCALE_SYSTEM, "code": f"{base}/raw"}]
        loinc = emitted_loinc(instrument, RAW_LOINC.get((instrument.code, scale.code)))
        if loinc is not None:
            coding.insert(0, {"system": LOINC, "code": loinc})
        components.append(
            {"code": {"coding": coding, "text": f"{scale.label} raw sum"}, "valueInteger": res.raw}
        )
    if res.se is not None:
        components.append(
            {
                "code": {
                    "coding": [{"system": SCALE_SYSTEM, "code": f"{base}/se"}],
                    "text": f"{scale.label} standard error",
                },
                "valueQuantity": _quantity(res.se, percent=False),
            }
        )
    return components


def _quantity(value: float, percent: bool) -> dict[str, Any]:
    # UCUM "%" for percentage scales, the annotation "{score}" (dimensionless) otherwise.
    unit = "%" if percent else "{score}"
    return {"value": value, "unit": "%" if percent else "score", "system": UCUM, "code": unit}


# --- dates ------------------------------------------------------------------------------


def _instant(moment: datetime, name: str) -> str:
    # FHIR dateTime with a time of day requires a time-zone offset.
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, not {moment.isoformat()}")
    return moment.isoformat()


def _effective(moment: datetime | date) -> str:
    if isinstance(moment, datetime):
        return _instant(moment, "effective")
    return moment.isoformat()
