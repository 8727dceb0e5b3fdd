"""Small serializers shared by the domain endpoints."""

from rest_framework import serializers

from organizations.models import Organization, User


class OrganizationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "kind"]
        read_only_fields = fields


class UserRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "full_name"]
        read_only_fields = fields
