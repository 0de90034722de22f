"""The public read API: the OpenAPI schema and the versioned endpoints.

No documentation UI is served: drf-spectacular's Swagger UI and ReDoc views load their assets from
a CDN, which the site does not do. The schema at ``/api/schema/`` (YAML, or JSON with
``?format=json``) feeds any OpenAPI viewer.
"""

from django.urls import include, path

from api.schema import PublicSchemaView

urlpatterns = [
    path("schema/", PublicSchemaView.as_view(), name="api-schema"),
    path("v1/", include("api.v1.urls")),
]
