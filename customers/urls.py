from django.urls import path

from . import views

app_name = "customers"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("quick/", views.quick_create, name="quick_create"),
    path("lookup/", views.lookup, name="lookup"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/timeline/", views.timeline_view, name="timeline"),
    path("<int:pk>/consent/", views.consent, name="consent"),
    path("<int:pk>/purchases/new/", views.purchase_add, name="purchase_add"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/followups/new/", views.followup_add, name="followup_add"),
    path("import/", views.purchase_import, name="import"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("import/<int:pk>/step/", views.import_step, name="import_step"),
    path("followups/", views.followups, name="followups"),
    path("followups/<int:pk>/call/", views.followup_call, name="followup_call"),
    path("followups/<int:pk>/cancel/", views.followup_cancel, name="followup_cancel"),
]
