"""How the OpenAPI schema of the public API is generated.

The project also mounts DRF views of other apps (Wagtail's admin API under /cms/); they are not
part of the public API and are left out by ``public_api_only``. ``SCHEMA_SETTINGS`` patches
SPECTACULAR_SETTINGS for the schema view and for
``manage.py spectacular --custom-settings api.schema.SCHEMA_SETTINGS``.
"""

from django.utils import translation
from drf_spectacular.views import SpectacularAPIView

PUBLIC_API_PACKAGE = "api."
SCHEMA_LANGUAGE = "en"


def public_api_only(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: keep the endpoints whose views live in ``api``."""
    return [
        (path, path_regex, method, callback)
        for path, path_regex, method, callback in endpoints
        if getattr(getattr(callback, "cls", None), "__module__", "").startswith(PUBLIC_API_PACKAGE)
    ]


SCHEMA_SETTINGS = {
    "PREPROCESSING_HOOKS": ["api.schema.public_api_only"],
    "ENUM_NAME_OVERRIDES": {
        "TradeEnum": "vendors.models.Trade",
        "WeekdayEnum": "vendors.models.Weekday",
        "StockStateEnum": "api.stock_state.StockState",
    },
}


class PublicSchemaView(SpectacularAPIView):
    """The OpenAPI schema of the public API, in English unless ``?lang=`` asks otherwise.

    Without the override the schema's generated texts (pagination, enum labels) would follow the
    visitor's language while the descriptions written here are English.
    """

    custom_settings = SCHEMA_SETTINGS

    def dispatch(self, request, *args, **kwargs):
        if request.GET.get("lang"):  # the parent view translates into that language
            return super().dispatch(request, *args, **kwargs)
        with translation.override(SCHEMA_LANGUAGE):
            response = super().dispatch(request, *args, **kwargs)
            # Render inside the override: the schema holds lazy translations.
            return response.render()
