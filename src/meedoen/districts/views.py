from django.shortcuts import get_object_or_404, render

from meedoen.accounts.permissions import public, requires
from meedoen.districts.models import District, DistrictGroup


@public
def district_list(request):
    districts = District.objects.select_related("group").prefetch_related("kernen")
    return render(
        request,
        "districts/district_list.html",
        {
            "city_districts": districts.city_districts(),
            "groups": DistrictGroup.objects.prefetch_related("districts__kernen"),
            "ungrouped_villages": districts.villages().filter(group__isnull=True),
        },
    )


@public
def district_detail(request, slug):
    from meedoen.budgets.selectors import district_overview

    district = get_object_or_404(District.objects.select_related("group"), slug=slug)
    return render(
        request,
        "districts/district_detail.html",
        {"district": district, **district_overview(district, request.user)},
    )


def _district(request, slug):
    return get_object_or_404(District, slug=slug)


@requires("districts.staff_page", get_object=_district)
def district_staff(request, slug):
    from meedoen.budgets.selectors import district_staff_overview

    district = request.permission_object
    return render(
        request,
        "districts/district_staff.html",
        {
            "district": district,
            "postcode_areas": district.postcode_areas.all(),
            **district_staff_overview(district),
        },
    )
