from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("s/<slug:token>/", views.status, name="status"),
    path("<int:pk>/", views.stored_file, name="file"),
]
