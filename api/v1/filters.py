"""Query filters of the v1 lists."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from vendors.models import Trade


class TradeFilter(BaseFilterBackend):
    """``?trade=<code>`` keeps the shops of one trade; empty means no filter, unknown is a 400."""

    param = "trade"

    def filter_queryset(self, request, queryset, view):
        value = request.query_params.get(self.param, "")
        if not value:
            return queryset
        if value not in Trade.values:
            raise ValidationError(
                {
                    self.param: [
                        _("Unknown trade. Known trades: %(trades)s.")
                        % {"trades": ", ".join(Trade.values)}
                    ]
                }
            )
        return queryset.filter(trade=value)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.param,
                "in": "query",
                "required": False,
                "description": "Only shops of this trade. An unknown trade answers 400.",
                "schema": {"type": "string", "enum": list(Trade.values)},
            }
        ]
