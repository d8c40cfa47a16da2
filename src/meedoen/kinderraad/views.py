from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meedoen.accounts.permissions import public, requires
from meedoen.form_data import posted
from meedoen.kinderraad import explain, services
from meedoen.kinderraad.forms import (
    ApplicationForm,
    BallotForm,
    CodesForm,
    DrawForm,
    OpenElectionForm,
    VoteCodeForm,
)
from meedoen.kinderraad.models import Council, Election, School
from meedoen.kinderraad.pdf import slips_pdf
from meedoen.kinderraad.services import DrawError, VoteRefused


def _council(request, slug, **kwargs):
    return get_object_or_404(Council, slug=slug)


def _members(council):
    return council.applications.filter(selected=True).select_related("school")


def _election(council):
    return Election.objects.filter(council=council).select_related("winner__school").first()


# --- public pages -------------------------------------------------------------------------


@public
def index(request):
    council = Council.objects.filter(drawn_at__isnull=False).first()
    context = {"council": council}
    if council:
        context.update(members=_members(council), election=_election(council))
    context["open_election"] = Election.objects.filter(status=Election.Status.OPEN).first()
    return render(request, "kinderraad/index.html", context)


@public
def council(request, slug):
    council = _council(request, slug)
    return render(
        request,
        "kinderraad/council.html",
        {
            "council": council,
            "members": _members(council),
            "election": _election(council),
            "by_school": services.chances(council, services.SCHOOL),
            "by_district": services.chances(council, services.DISTRICT),
            "quotas": council.quotas.select_related("school", "district"),
            "application_count": council.applications.count(),
        },
    )


@public
def results(request, slug):
    council = _council(request, slug)
    election = _election(council)
    if election is None or election.status != Election.Status.CLOSED:
        return render(
            request,
            "kinderraad/results.html",
            {"council": council, "election": election},
            status=404,
        )
    return render(
        request,
        "kinderraad/results.html",
        {"council": council, "election": election, "story": explain.rounds(election)},
    )


def _refusal_text(reason: str) -> str:
    return {
        VoteRefused.UNKNOWN: _(
            "Deze code kennen we niet. Kijk of je alle letters en cijfers goed hebt overgetypt."
        ),
        VoteRefused.USED: _("Met deze code is al gestemd. Elke code werkt maar één keer."),
        VoteRefused.CLOSED: _("Stemmen kan nu niet. De verkiezing is gesloten."),
        VoteRefused.INVALID: _("Kies eerst wie jouw eerste keuze is."),
    }[reason]


@public
def vote(request):
    """Step 1: type the code (or scan the QR). Step 2: choose. The code is used only at the end."""
    election = (
        Election.objects.filter(status=Election.Status.OPEN).select_related("council").first()
    )
    if election is None:
        return render(request, "kinderraad/vote.html", {"election": None})
    candidates = election.candidates.select_related("school").order_by("first_name", "pk")
    data = (
        request.POST
        if request.method == "POST"
        else (request.GET if "code" in request.GET else None)
    )
    code_form = VoteCodeForm(data)
    context = {"election": election, "code_form": code_form, "candidates": candidates}
    if data is None or not code_form.is_valid():
        return render(request, "kinderraad/vote.html", context)
    code = code_form.cleaned_data["code"]
    try:
        services.check_code(election, code)
    except VoteRefused as refused:
        context["refusal"] = _refusal_text(refused.reason)
        return render(request, "kinderraad/vote.html", context)
    casting = request.method == "POST" and request.POST.get("step") == "ballot"
    ballot_form = BallotForm(
        request.POST if casting else None, election=election, candidates=candidates
    )
    context.update(ballot_form=ballot_form, code=code)
    if casting and ballot_form.is_valid():
        try:
            services.cast_vote(election, code, ballot_form.cleaned_data["ranking"])
        except VoteRefused as refused:
            context["refusal"] = _refusal_text(refused.reason)
            context.pop("ballot_form")
            return render(request, "kinderraad/vote.html", context)
        return render(request, "kinderraad/voted.html", {"election": election})
    return render(request, "kinderraad/vote.html", context)


# --- staff pages --------------------------------------------------------------------------


@requires("kinderraad.manage")
def staff(request):
    return render(
        request,
        "kinderraad/staff.html",
        {"councils": Council.objects.all(), "schools": School.objects.select_related("district")},
    )


@requires("kinderraad.manage", get_object=_council)
def staff_council(request, slug):
    council = request.permission_object
    election = _election(council)
    schools = School.objects.select_related("district")
    counts = {row["school"]: row["n"] for row in _application_counts(council)}
    for school in schools:
        school.application_count = counts.get(school.pk, 0)
    context = {
        "council": council,
        "schools": schools,
        "quotas": council.quotas.select_related("school", "district"),
        "members": _members(council),
        "election": election,
        "draw_form": DrawForm(),
        "codes_form": CodesForm(),
    }
    if election and election.status == Election.Status.PREPARING:
        context["open_form"] = OpenElectionForm(council=council)
    if election:
        context["codes_issued"] = election.codes.count()
        context["codes_used"] = election.codes.filter(used=True).count()
    return render(request, "kinderraad/staff_council.html", context)


def _application_counts(council):
    from django.db.models import Count

    return council.applications.values("school").annotate(n=Count("pk"))


@requires("kinderraad.manage", get_object=_council)
def application_add(request, slug, school_id):
    council = request.permission_object
    school = get_object_or_404(School, pk=school_id)
    form = ApplicationForm(posted(request), initial={"district": school.district_id})
    if request.method == "POST" and form.is_valid():
        application = services.add_application(request.user, council, school, **form.cleaned_data)
        messages.success(
            request,
            _("De aanmelding van %(name)s is opgeslagen. U kunt nu het volgende kind aanmelden.")
            % {"name": application.first_name},
        )
        return redirect("kinderraad:application_add", slug=council.slug, school_id=school.pk)
    applications = council.applications.filter(school=school)
    return render(
        request,
        "kinderraad/application_form.html",
        {"council": council, "school": school, "form": form, "applications": applications},
    )


@requires("kinderraad.manage", get_object=_council)
@require_POST
def draw(request, slug):
    council = request.permission_object
    form = DrawForm(request.POST)
    if form.is_valid():
        try:
            services.draw_council(request.user, council, form.cleaned_data["seed"])
        except DrawError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("De kinderraad is geloot."))
    else:
        messages.error(request, _("Vul een startgetal in, bijvoorbeeld 3-6-1-4-2."))
    return redirect("kinderraad:staff_council", slug=council.slug)


@requires("kinderraad.manage", get_object=_council)
@require_POST
def election_open(request, slug):
    council = request.permission_object
    election = _election(council)
    if election is None or election.status != Election.Status.PREPARING:
        messages.error(
            request, _("Loot eerst de kinderraad. Een verkiezing kan maar één keer open.")
        )
        return redirect("kinderraad:staff_council", slug=council.slug)
    form = OpenElectionForm(request.POST, council=council)
    if form.is_valid():
        services.open_election(
            request.user, election, form.cleaned_data["method"], form.cleaned_data["candidates"]
        )
        messages.success(request, _("De verkiezing is open. Kinderen kunnen nu stemmen."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("kinderraad:staff_council", slug=council.slug)


@requires("kinderraad.manage", get_object=_council)
@require_POST
def election_close(request, slug):
    council = request.permission_object
    election = _election(council)
    if election is None or election.status != Election.Status.OPEN:
        messages.error(request, _("Alleen een open verkiezing kan worden gesloten."))
        return redirect("kinderraad:staff_council", slug=council.slug)
    services.close_election(request.user, election)
    messages.success(request, _("De verkiezing is gesloten. De uitslag staat online."))
    return redirect("kinderraad:results", slug=council.slug)


@requires("kinderraad.manage", get_object=_council)
@require_POST
def voting_codes(request, slug, school_id):
    council = request.permission_object
    school = get_object_or_404(School, pk=school_id)
    election = _election(council)
    form = CodesForm(request.POST)
    if election is None or election.status == Election.Status.CLOSED:
        messages.error(
            request,
            _("Stemcodes maken kan als de raad is geloot en de verkiezing nog niet is gesloten."),
        )
    elif not form.is_valid():
        for error in form.errors.get("count", []):
            messages.error(request, f"{school.name}: {error}")
    else:
        plain = services.generate_codes(request.user, election, school, form.cleaned_data["count"])
        response = HttpResponse(slips_pdf(plain, school, council), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="stemcodes-{council.slug}-{school.pk}.pdf"'
        )
        return response
    return redirect("kinderraad:staff_council", slug=council.slug)
