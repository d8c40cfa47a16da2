from django.core.paginator import Paginator
from django.shortcuts import render

from meedoen.accounts.permissions import requires
from meedoen.audit.models import AuditEvent


@requires("audit.view")
def event_list(request):
    events = AuditEvent.objects.all()
    action = request.GET.get("actie", "").strip()
    if action:
        events = events.filter(action__startswith=action)
    page = Paginator(events, 50).get_page(request.GET.get("pagina"))
    return render(request, "audit/event_list.html", {"page": page, "action": action})
