from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisciplineConfig(AppConfig):
    name = "chibo.discipline"
    label = "discipline"
    verbose_name = _("Inspection and discipline")
