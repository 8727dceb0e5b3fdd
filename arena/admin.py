from django.contrib import admin

from .models import (
    Document,
    DocumentVersion,
    EvaluationMaterial,
    EvaluationSpace,
    Event,
    Lesson,
    Registration,
)


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ("title", "organization", "network", "source", "across_networks")
    raw_id_fields = ("case", "subproject", "call_off", "author")


class VersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    raw_id_fields = ("uploaded_by",)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "organization", "audience")
    inlines = [VersionInline]


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "starts_at", "audience", "published_at")
    inlines = [RegistrationInline]
    raw_id_fields = ("project", "created_by")


class MaterialInline(admin.TabularInline):
    model = EvaluationMaterial
    extra = 0
    raw_id_fields = ("added_by",)


@admin.register(EvaluationSpace)
class EvaluationSpaceAdmin(admin.ModelAdmin):
    list_display = ("project", "researcher", "published_at")
    raw_id_fields = ("researcher",)
    inlines = [MaterialInline]
