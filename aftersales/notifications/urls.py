from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.status, name="status"),
    path("messages/<int:pk>/", views.message_detail, name="message"),
    path("messages/<int:pk>/retry/", views.message_retry, name="message_retry"),
    path("templates/", views.templates, name="templates"),
    path("templates/edit/", views.template_edit, name="template_edit"),
]
