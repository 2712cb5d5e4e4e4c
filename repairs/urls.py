from django.urls import path

from . import ladder_views, printing, views

app_name = "repairs"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.intake, name="intake"),
    path("new/purchases/", views.intake_purchases, name="intake_purchases"),
    path("pickup/", views.find, name="find"),
    path("services/", views.service_types, name="service_types"),
    path("services/new/", views.service_type_edit, name="service_type_new"),
    path("services/<int:pk>/", views.service_type_edit, name="service_type_edit"),
    path("photo/<int:pk>/", views.photo, name="photo"),
    path("signature/<int:pk>/", views.signature, name="signature"),
    path("unclaimed/", ladder_views.unclaimed, name="unclaimed"),
    path("print-settings/", printing.print_settings, name="print_settings"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/pickup-deadline/", ladder_views.extend_deadline, name="extend_deadline"),
    path("<str:number>/print/receipt/", printing.receipt, name="print_receipt"),
    path("<str:number>/print/tag/", printing.tag, name="print_tag"),
    path("<str:number>/print/pickup/<int:pk>/", printing.pickup_slip, name="print_pickup_slip"),
    path("<str:number>/status-link/revoke/", printing.revoke_status_link, name="revoke_status_link"),
    path("<str:number>/pickup/", views.pickup, name="pickup"),
    path("<str:number>/signature/", views.intake_signature, name="intake_signature"),
    path("<str:number>/do/<slug:action>/", views.act, name="act"),
]
