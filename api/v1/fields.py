"""Serializer fields shared by the v1 serializers."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(OpenApiTypes.URI)
class AbsoluteURLField(serializers.ReadOnlyField):
    """A site path (or an already absolute URL) made absolute against the request's host."""

    def to_representation(self, value: str) -> str:
        return self.context["request"].build_absolute_uri(value)
