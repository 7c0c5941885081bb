"""Procedure-day models, in three small modules: configuration, the product, safety."""

from regenpath.procedures.models.config import (
    DEFAULT_TIME_LIMIT_MINUTES,
    DinSequence,
    ProcedureSettings,
    ProductType,
)
from regenpath.procedures.models.product import (
    STATE_LABELS,
    Administration,
    BedsideVerification,
    BiologicProduct,
    CustodyEvent,
    Harvest,
    ProcedureCase,
    Processing,
    QCRelease,
)
from regenpath.procedures.models.safety import AdverseEvent, Incident, LabResult

__all__ = [
    "DEFAULT_TIME_LIMIT_MINUTES",
    "STATE_LABELS",
    "Administration",
    "AdverseEvent",
    "BedsideVerification",
    "BiologicProduct",
    "CustodyEvent",
    "DinSequence",
    "Harvest",
    "Incident",
    "LabResult",
    "ProcedureCase",
    "ProcedureSettings",
    "Processing",
    "ProductType",
    "QCRelease",
]
