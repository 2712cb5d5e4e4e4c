"""The project's URLs plus one page with the print button (as the repairs pages will have it)."""

from django.http import HttpResponse
from django.template import Context, Template
from django.urls import path

from aftersales.urls import urlpatterns as project_urls


def print_page(request, pk):
    template = Template(
        '{% extends "base.html" %}{% block content %}{% url "documents:file" pk=pk as pdf %}'
        '{% include "documents/_print_button.html" with url=pdf %}{% endblock %}'
    )
    return HttpResponse(template.render(Context({"pk": pk, "request": request, "user": request.user})))


urlpatterns = [*project_urls, path("test-print/<int:pk>/", print_page)]
