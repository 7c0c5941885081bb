"""Generate docs/candidacy-facts.md and docs/examples/facts-knee.json from the tables.

The field table comes from FIELD_SPECS, the criteria table from CRITERIA and the settings from
DEFAULT_RULES, so the document cannot drift from the code (a test regenerates and compares).
Regenerate with:
  python -m regenpath.domain.candidacy.doc > docs/candidacy-facts.md
  python -m regenpath.domain.candidacy.doc example > docs/examples/facts-knee.json
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any

from regenpath.domain.candidacy.criteria import CRITERIA, SOURCES
from regenpath.domain.candidacy.decision import assess
from regenpath.domain.candidacy.fields import FIELD_SPECS, FieldKind, FieldSpec
from regenpath.domain.candidacy.jsonform import facts_from_dict
from regenpath.domain.candidacy.ruleset import DEFAULT_RULES, RULES_VERSION

EXAMPLE_TODAY = date(2026, 11, 20)

# A knee-OA patient with a recent corticosteroid injection and an NSAID still being taken.
EXAMPLE_FACTS: dict[str, Any] = {
    "infection_systemic": False,
    "infection_harvest_site": False,
    "infection_injection_site": False,
    "chronic_infectious_disease": False,
    "active_malignancy": False,
    "past_malignancy": False,
    "malignancy_end_date": None,
    "pregnant_breastfeeding_or_planning": False,
    "bleeding_disorder": False,
    "severe_systemic_illness": False,
    "systemic_illness_note": None,
    "diabetes": False,
    "inflammatory_arthritis_target": False,
    "immunosuppressive_condition": False,
    "allergy_to_procedure_agents": False,
    "current_smoker": False,
    "substance_use_disorder": False,
    "medications": [
        {"name": "Ibuprofen", "class": "nsaid", "last_dose": None},
        {"name": "Amlodipine", "class": "other", "last_dose": None},
    ],
    "target_injections": [{"kind": "corticosteroid", "date": "2026-10-02"}],
    "platelets": 245.0,
    "haemoglobin": 13.6,
    "hba1c_percent": None,
    "height_cm": 172.0,
    "weight_kg": 81.5,
    "date_of_birth": "1961-04-17",
    "age_years": None,
    "condition_code": "knee-oa",
    "target_side": "left",
    "pain_onset": "2024-09-01",
    "kl_grade": 3,
    "conservative_care_months": 14,
    "conservative_care_modalities": 3,
    "pfirrmann_grade": None,
    "modic_type": None,
    "disc_instability": None,
    "severe_stenosis": None,
    "radicular_leg_pain_dominant": None,
}


def _allowed(spec: FieldSpec) -> str:
    if spec.kind is FieldKind.BOOL:
        return "true, false"
    if spec.kind is FieldKind.DATE:
        return "YYYY-MM-DD, not after today"
    if spec.kind is FieldKind.TEXT:
        return f"text, ≤ {spec.maximum:g} characters" if spec.maximum else "text"
    if spec.kind in (FieldKind.INT, FieldKind.FLOAT):
        return f"{spec.minimum:g}–{spec.maximum:g}"
    return ", ".join(f"`{c}`" for c in spec.choices)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_fields() -> str:
    """Return the Markdown table of every facts field."""
    lines = [
        "| Field | Type | Unit | Allowed | Meaning | Notes |",
        "|---|---|---|---|---|---|",
    ]
    for spec in FIELD_SPECS:
        lines.append(
            f"| `{spec.name}` | {spec.kind.value} | {spec.unit} | {_cell(_allowed(spec))} | "
            f"{_cell(spec.label)} | {_cell(spec.note)} |"
        )
    return "\n".join(lines)


def render_criteria() -> str:
    """Return the Markdown table of every criterion."""
    lines = [
        "| Rule | Kind | What | Needs | Sources | Tag | Settings | Note |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for c in CRITERIA:
        needs = ", ".join(f"`{n}`" for n in (*c.needs, *c.may_need)) or "—"
        scope = f" ({', '.join(sorted(g.value for g in c.groups))} only)" if c.groups else ""
        settings = ", ".join(f"`{s}`" for s in c.settings) or "—"
        lines.append(
            f"| `{c.id}` | {c.kind.value} | {_cell(c.title)}{scope} | {needs} | "
            f"{', '.join(c.sources)} | {c.verification.value} | {settings} | {_cell(c.note)} |"
        )
    return "\n".join(lines)


def render_settings() -> str:
    """Return the Markdown table of every rule setting and its default."""
    lines = ["| Setting | Default |", "|---|---|"]
    for name, value in DEFAULT_RULES.to_dict().items():
        lines.append(f"| `{name}` | `{json.dumps(value)}` |")
    return "\n".join(lines)


def render_sources() -> str:
    """Return the list of source ids."""
    return "\n".join(f"* **{sid}** — {text}" for sid, text in SOURCES.items())


def example_json() -> str:
    """Return docs/examples/facts-knee.json."""
    return json.dumps(EXAMPLE_FACTS, indent=2, ensure_ascii=False) + "\n"


def render_doc() -> str:
    """Return the whole of docs/candidacy-facts.md."""
    facts = facts_from_dict(EXAMPLE_FACTS, today=EXAMPLE_TODAY)
    decision = json.dumps(
        assess(facts, today=EXAMPLE_TODAY).to_dict(), indent=2, ensure_ascii=False
    )
    return f"""# Candidacy screening facts

`regenpath screen --facts FILE.json [--today YYYY-MM-DD] [--rules overrides.json]` reads the
facts below, assesses them with the candidacy criteria (`regenpath.domain.candidacy`, rules
version `{RULES_VERSION}`) and prints the decision as JSON. The staff form and the patient intake
questionnaire store the same JSON.

This file is generated from the code; do not edit it by hand. Regenerate it with
`python -m regenpath.domain.candidacy.doc > docs/candidacy-facts.md`.

## Conventions

* A field that is absent or `null` is **not recorded**. That is not the same as `false` or `0`.
  A rule that needs an unrecorded fact makes the decision `needs_review` and lists the field in
  `missing`; a decision is never `candidate` by default.
* Dates are `YYYY-MM-DD` and may not be after the assessment date (`--today`).
* Units: platelets ×10^9/L; haemoglobin g/dL; HbA1c in % (NGSP). An HbA1c in mmol/mol (IFCC)
  converts as % = mmol/mol ÷ 10.929 + 2.15. BMI is computed from height and weight, not entered.
* Give `date_of_birth`, or `age_years` when the date is not known (if both, they must agree).
* `kl_grade` only for osteoarthritis conditions; the disc imaging fields only for disc
  conditions; `malignancy_end_date` only when `past_malignancy` is true.
* Limits are plausibility bounds: a value outside them is impossible and refused.

## Fields

{render_fields()}

`medications` is a list of objects `{{"name": text, "class": one of the classes above,
"last_dose": YYYY-MM-DD or null}}` — `null` means the patient still takes it; an empty list means
no medications. `target_injections` is a list of `{{"kind": ..., "date": YYYY-MM-DD}}` for
injections into the structure to be treated; an empty list means none.

## Errors

Impossible or malformed facts are refused as a whole, naming every bad field, and the command
exits with status 2:

```json
{{"error": {{"weight_kg": "0 kg is impossible; expected 2–500 kg",
           "medications[0].last_dose": "2027-01-05 is after today (2026-11-20)"}}}}
```

## Decision

`status` is `not_candidate` if any exclusion fires or an inclusion criterion is not met; else
`needs_review` if any fact a rule needs is missing or any review trigger fires; else `deferred`
(with `earliest_date`, the latest date any deferral clears) if any deferral fires; else
`candidate`. Each reason names its rule, sources, status tag and what would change it.

## Criteria

{render_criteria()}

Sources (cell-therapy.md §5):

{render_sources()}

## Rule settings

Every threshold is clinic-configurable with `--rules overrides.json` (a JSON object of the
settings to change; `kl_ranges` maps condition codes to `[low, high]` and is merged). A decision
made with overrides carries the rules version plus a hash of the changes.

{render_settings()}

## Example

[`docs/examples/facts-knee.json`](examples/facts-knee.json):

```json
{example_json().rstrip()}
```

`regenpath screen --facts docs/examples/facts-knee.json --today {EXAMPLE_TODAY.isoformat()}`
prints:

```json
{decision}
```
"""


if __name__ == "__main__":  # pragma: no cover - exercised through the docs test
    sys.stdout.write(example_json() if sys.argv[1:] == ["example"] else render_doc())
