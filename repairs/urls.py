from django.urls import path

from .views import actions, calendar, catalogue, detail, files, intake, ladder, lists, pickup, printing

app_name = "repairs"
urlpatterns = [
    path("", lists.index, name="index"),
    path("new/", intake.intake, name="intake"),
    path("new/purchases/", intake.intake_purchases, name="intake_purchases"),
    path("pickup/", pickup.find, name="find"),
    path("stores/<int:pk>/closed-days/", calendar.closed_day_add, name="closed_day_add"),
    path("stores/<int:pk>/closed-days/<int:day_pk>/remove/", calendar.closed_day_remove, name="closed_day_remove"),
    path("services/", catalogue.service_types, name="service_types"),
    path("services/new/", catalogue.service_type_edit, name="service_type_new"),
    path("services/<int:pk>/", catalogue.service_type_edit, name="service_type_edit"),
    path("photo/<int:pk>/", files.photo, name="photo"),
    path("signature/<int:pk>/", files.signature, name="signature"),
    path("unclaimed/", ladder.unclaimed, name="unclaimed"),
    path("print-settings/", printing.print_settings, name="print_settings"),
    path("<str:number>/", detail.detail, name="detail"),
    path("<str:number>/pickup-deadline/", ladder.extend_deadline, name="extend_deadline"),
    path("<str:number>/print/receipt/", printing.receipt, name="print_receipt"),
    path("<str:number>/print/tag/", printing.tag, name="print_tag"),
    path("<str:number>/print/pickup/<int:pk>/", printing.pickup_slip, name="print_pickup_slip"),
    path("<str:number>/status-link/revoke/", printing.revoke_status_link, name="revoke_status_link"),
    path("<str:number>/pickup/", pickup.pickup, name="pickup"),
    path("<str:number>/signature/", files.intake_signature, name="intake_signature"),
    path("<str:number>/do/<slug:action>/", actions.act, name="act"),
]
