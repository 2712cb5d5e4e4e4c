from django.urls import path

from . import views

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
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/pickup/", views.pickup, name="pickup"),
    path("<str:number>/signature/", views.intake_signature, name="intake_signature"),
    path("<str:number>/do/<slug:action>/", views.act, name="act"),
]
