from django.urls import path

from . import report_views, views

app_name = "tickets"
urlpatterns = [
    path("", views.index, name="index"),
    path("reported/", report_views.reported, name="reported"),
]
