from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .reports import views as report_views

urlpatterns = [
    path("", report_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("language/", views.set_language, name="set_language"),
    path("store/", views.switch_store, name="switch_store"),
    path("search/", views.global_search, name="search"),
    path("reports/", report_views.index, name="reports"),
    path("reports/", include("aftersales.reports.urls")),
    path("stores/", views.store_list, name="stores"),
    path("stores/<int:pk>/", views.store_edit, name="store_edit"),
    path("healthz", views.healthz, name="healthz"),
    path("repairs/", include("repairs.urls")),
    path("tradein/", include("tradein.urls")),
    path("cases/", include("tickets.urls")),
    path("customers/", include("customers.urls")),
    path("policy/", include("aftersales.policy.urls")),
    path("notifications/", include("aftersales.notifications.urls")),
    path("documents/", include("aftersales.documents.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "aftersales.views.error_400"
handler403 = "aftersales.views.error_403"
handler404 = "aftersales.views.error_404"
handler500 = "aftersales.views.error_500"
