from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "chibo.reports"
    label = "reports"
    verbose_name = _("Statistics and data quality")
