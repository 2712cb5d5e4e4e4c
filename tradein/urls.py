from django.urls import path

from . import report_views, views

app_name = "tradein"
urlpatterns = [
    path("", views.index, name="index"),
    path("metal-prices/", views.metal_prices, name="metal_prices"),
    path("reported/", report_views.reported, name="reported"),
]
