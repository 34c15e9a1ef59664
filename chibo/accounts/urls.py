from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from chibo.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("roles/", views.RolesView.as_view(), name="roles"),
    path("second-factor/", views.SecondFactorView.as_view(), name="second_factor"),
    path("second-factor/setup/", views.SecondFactorSetupView.as_view(), name="second_factor_setup"),
    path("second-factor/recovery-codes/", views.RecoveryCodesView.as_view(), name="recovery_codes"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
