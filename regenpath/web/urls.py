from django.urls import path
from django.views.generic import RedirectView

from regenpath.web import views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="dashboard"), name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
