from django.urls import path

from . import views

app_name = "tradein"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.quote_new, name="new"),
    path("metal-prices/", views.metal_prices, name="metal_prices"),
    path("rules/", views.rules, name="rules"),
    path("rules/new/", views.rule_new, name="rule_new"),
    path("rules/<int:pk>/", views.rule_detail, name="rule"),
    path("rules/<int:pk>/<slug:action>/", views.rule_move, name="rule_move"),
    path("settings/", views.settings_view, name="settings"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger/lots/<int:pk>/assay/", views.lot_assay, name="lot_assay"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("q/<str:number>/", views.detail, name="detail"),
    path("q/<str:number>/do/<slug:action>/", views.act, name="act"),
    path("q/<str:number>/sheet.pdf", views.print_sheet, name="print"),
    path("q/<str:number>/signature.png", views.signature, name="signature"),
]
