from django.urls import path

from . import report_views, views

app_name = "tickets"
urlpatterns = [
    path("", views.index, name="index"),
    path("reported/", report_views.reported, name="reported"),
    path("new/", views.new, name="new"),
    path("actions/", views.actions, name="actions"),
    path("actions/<int:pk>/<slug:action>/", views.action_act, name="action_act"),
    path("alerts/", views.alerts, name="alerts"),
    path("settings/", views.settings_page, name="settings"),
    path("calendar/", views.calendar, name="calendar"),
    path("attachment/<int:pk>/", views.attachment, name="attachment"),
    path("rate/<slug:token>/", views.rate, name="rate"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/edit/", views.edit, name="edit"),
    path("<str:number>/print/", views.print_record, name="print"),
    path("<str:number>/do/<slug:action>/", views.act, name="act"),
]
