from django.urls import path

from . import views

app_name = "policy"
urlpatterns = [
    path("", views.index, name="index"),
    path("print/", views.print_policy, name="print"),
    path("try/", views.try_it, name="try"),
    path("rules/new/", views.create, name="create"),
    path("rules/<int:pk>/", views.detail, name="detail"),
    path("rules/<int:pk>/edit/", views.edit, name="edit"),
    path("rules/<int:pk>/publish/", views.publish, name="publish"),
    path("rules/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
