from django.urls import path

from regenpath.procedures import safety_views, views

P = "products/<uuid:product_uuid>/"

urlpatterns = [
    path("", views.board, name="procedure_board"),
    path("schedule/<uuid:episode_uuid>/", views.schedule, name="procedure_schedule"),
    path("cases/<uuid:case_uuid>/", views.case_detail, name="procedure_case"),
    path("cases/<uuid:case_uuid>/harvest/", views.harvest, name="procedure_harvest"),
    path(P, views.product_detail, name="procedure_product"),
    path(P + "receive/", views.receive, name="procedure_receive"),
    path(P + "processing/", views.processing, name="procedure_processing"),
    path(P + "qc/", views.qc, name="procedure_qc"),
    path(P + "quarantine/", views.quarantine, name="procedure_quarantine"),
    path(P + "exception/", views.exception_release, name="procedure_exception"),
    path(P + "discard/", views.discard, name="procedure_discard"),
    path(P + "bedside/", views.bedside, name="procedure_bedside"),
    path(
        P + "bedside/<uuid:verification_uuid>/",
        views.hard_stop,
        name="procedure_hard_stop",
    ),
    path(
        P + "administer/<uuid:verification_uuid>/",
        views.administer,
        name="procedure_administer",
    ),
    path(P + "label.pdf", views.label, name="procedure_label"),
    path(P + "fhir.json", views.product_fhir, name="procedure_fhir"),
    path(P + "lab/", views.lab_result, name="procedure_lab"),
    path("lab/<uuid:lab_uuid>/acknowledge/", views.acknowledge, name="procedure_acknowledge"),
    path(
        "adverse-events/<uuid:event_uuid>/",
        views.adverse_event,
        name="procedure_adverse_event",
    ),
    path("safety/", safety_views.safety, name="procedure_safety"),
    path(
        "episodes/<uuid:episode_uuid>/adverse-events/new/",
        safety_views.report_adverse_event,
        name="procedure_adverse_event_new",
    ),
    path("trace/", views.trace, name="procedure_trace"),
    path("settings/", views.settings_view, name="procedure_settings"),
    path(
        "settings/product-types/new/", views.product_type_create, name="procedure_product_type_new"
    ),
    path(
        "settings/product-types/<int:pk>/", views.product_type_edit, name="procedure_product_type"
    ),
]
