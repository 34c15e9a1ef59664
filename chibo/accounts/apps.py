from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "chibo.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        # The idle timeout's clock starts at sign-in (a session value, not a domain write: the
        # sign-in saves the session anyway, so the first page after it costs no extra write).
        from django.contrib.auth.signals import user_logged_in

        from chibo.accounts.middleware import start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="chibo.accounts.start_idle_clock")
