from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("monthly/", views.monthly_build, name="monthly_build"),
    path("monthly/<int:pk>.pdf", views.monthly_pdf, name="monthly_pdf"),
    path("<slug:key>/", views.report_page, name="report"),
    path("<slug:key>/records.<str:fmt>", views.records_export, name="records"),
    path("<slug:key>/<slug:table>.<str:fmt>", views.table_export, name="export"),
]
