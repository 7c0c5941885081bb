"""The patient's wording of the screening questions: plain language, one idea per question.

Keys are fields of regenpath.domain.candidacy Facts; each value is (question, hint). Fields not
listed here (lab results, imaging grades) are for staff only: a patient is not expected to know
them, and staff add them when they review the answers.
"""

from __future__ import annotations

INTAKE_QUESTIONS: dict[str, tuple[str, str]] = {
    "infection_systemic": (
        "Do you have an infection at the moment (for example a fever, a chest or urine infection)?",
        "",
    ),
    "infection_harvest_site": (
        "Do you have a skin infection, open sore or rash on your lower back, hips or belly?",
        "Cells are usually taken from one of these places.",
    ),
    "infection_injection_site": (
        "Do you have a skin infection, open sore or rash where you have the pain?",
        "",
    ),
    "chronic_infectious_disease": (
        "Do you have a long-term infection such as HIV or hepatitis?",
        "",
    ),
    "active_malignancy": (
        "Do you have cancer now, or are you having cancer treatment?",
        "",
    ),
    "past_malignancy": ("Have you had cancer in the past?", ""),
    "malignancy_end_date": (
        "If you have had cancer: when did your treatment end?",
        "An approximate date is fine. Leave empty if you have not had cancer.",
    ),
    "pregnant_breastfeeding_or_planning": (
        "Are you pregnant, breast-feeding, or planning a pregnancy?",
        "",
    ),
    "bleeding_disorder": (
        "Do you bleed or bruise very easily, or have you been told you have a bleeding "
        "problem or anaemia (low blood count)?",
        "",
    ),
    "severe_systemic_illness": (
        "Do you have a serious illness that is not well controlled (for example heart, liver "
        "or kidney disease, or diabetes)?",
        "",
    ),
    "diabetes": ("Do you have diabetes?", ""),
    "inflammatory_arthritis_target": (
        "Has a doctor told you that the painful joint has rheumatoid arthritis, gout or a joint "
        "infection?",
        "",
    ),
    "immunosuppressive_condition": (
        "Do you have a condition, or take a treatment, that weakens your immune system?",
        "",
    ),
    "allergy_to_procedure_agents": (
        "Are you allergic to local anaesthetic, skin cleaning liquids (such as iodine) or "
        "X-ray dye?",
        "",
    ),
    "current_smoker": ("Do you smoke?", ""),
    "substance_use_disorder": (
        "Do you have, or are you being treated for, a problem with alcohol or drugs?",
        "Your answer is private and is only used to plan your care safely.",
    ),
    "height_cm": ("Your height in centimetres", "For example 168."),
    "weight_kg": ("Your weight in kilograms", "For example 72.5."),
    "pain_onset": ("When did this pain start?", "An approximate date is fine."),
    "conservative_care_months": (
        "For how many months have you tried other treatments for this pain?",
        "For example physiotherapy, exercises, painkillers or a brace.",
    ),
    "conservative_care_modalities": (
        "How many different treatments have you tried for this pain?",
        "Count each kind once: physiotherapy, painkillers, a brace, weight loss, and so on.",
    ),
}
