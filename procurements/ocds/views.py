"""Public open-data endpoints (no login): the cases whose tender is published, as OCDS."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from . import builder

JSON_TYPE = "application/json; charset=utf-8"


def _base(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_GET
def ocds_index(request):
    """A human page: what is published, how (identifiers, prefix), and the links."""
    cases = builder.listed_cases()
    return render(
        request,
        "procurements/ocds_index.html",
        {
            "cases": [(case, builder.ocid_for(case)) for case in cases],
            "prefix": builder.ocds_prefix(),
            "schemes": (builder.SCHEME_ORG, builder.SCHEME_MUNICIPALITY, builder.SCHEME_INTERNAL),
        },
    )


@require_GET
def ocds_case_list(request):
    """JSON list of the published cases with the URL of each package."""
    base = _base(request)
    cases = builder.listed_cases()
    data = {
        "ocdsPrefix": builder.ocds_prefix(),
        "bulkDownload": base + reverse("procurements:ocds-bulk"),
        "records": base + reverse("procurements:ocds-records"),
        "cases": [
            {
                "ocid": builder.ocid_for(case),
                "title": case.title,
                "reference": case.reference,
                "stage": case.stage,
                "tenderPublished": builder._dt(case.tender.published_at),
                "package": base + reverse("procurements:ocds-package", args=[case.pk]),
            }
            for case in cases
        ],
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})


@require_GET
def ocds_package(request, pk: int):
    case = builder.published_cases().filter(pk=pk).first()
    if case is None:
        raise Http404
    package = builder.release_package(
        [case], uri=request.build_absolute_uri(), base_url=_base(request)
    )
    response = JsonResponse(package, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'inline; filename="{builder.ocid_for(case)}.json"'
    return response


@require_GET
def ocds_bulk(request):
    """Every published case in one release package, streamed release by release."""
    header = builder.package_header(uri=request.build_absolute_uri(), base_url=_base(request))

    def chunks():
        opening = json.dumps(header, ensure_ascii=False, cls=DjangoJSONEncoder)
        yield opening[:-1] + ', "releases": ['
        first = True
        for case in builder.published_cases().iterator(chunk_size=50):
            for release in builder.case_releases(case):
                yield ("" if first else ",") + json.dumps(
                    release, ensure_ascii=False, cls=DjangoJSONEncoder
                )
                first = False
        yield "]}"

    response = StreamingHttpResponse(chunks(), content_type=JSON_TYPE)
    name = f"samverka-ocds-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def ocds_records(request):
    """Every published case as an OCDS record (linked releases and the compiled release),
    in one record package, streamed record by record."""
    base = _base(request)
    header = builder.record_package_header(uri=request.build_absolute_uri(), base_url=base)

    def chunks():
        opening = json.dumps(header, ensure_ascii=False, cls=DjangoJSONEncoder)
        yield opening[:-1] + ', "records": ['
        first = True
        for case in builder.published_cases().iterator(chunk_size=50):
            url = base + reverse("procurements:ocds-package", args=[case.pk])
            record = builder.case_record(case, package_url=url)
            yield ("" if first else ",") + json.dumps(
                record, ensure_ascii=False, cls=DjangoJSONEncoder
            )
            first = False
        yield "]}"

    response = StreamingHttpResponse(chunks(), content_type=JSON_TYPE)
    name = f"samverka-ocds-records-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def ocds_extension(request):
    return JsonResponse(
        builder.extension_metadata(_base(request)),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
