from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from meedoen.accounts.permissions import public
from meedoen.districts.models import District


@public
def home(request):
    from meedoen.budgets.selectors import home_overview

    districts = District.objects.select_related("group").order_by("number")
    return render(
        request,
        "pages/home.html",
        {
            "city_districts": [d for d in districts if d.kind == District.Kind.WIJK],
            "villages": [d for d in districts if d.kind == District.Kind.DORP],
            **home_overview(),
        },
    )


@public
def accessibility(request):
    return render(request, "pages/accessibility.html")


@public
def privacy(request):
    return render(request, "pages/privacy.html")


@public
@never_cache
def health(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means unhealthy
        return JsonResponse({"status": "error", "database": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def csrf_failure(request, reason=""):
    return render(request, "pages/csrf_failure.html", status=403)
