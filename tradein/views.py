from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _


@login_required
def index(request):
    return render(request, "core/section.html", {"section_title": _("Trade-in")})
