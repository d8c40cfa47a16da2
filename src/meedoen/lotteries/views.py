"""Pages of the lotteries: public panel pages, registration by code, and the staff steps."""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meedoen.accounts.permissions import public, requires
from meedoen.audit.services import record
from meedoen.form_data import posted, posted_files
from meedoen.lotteries import selectors, services
from meedoen.lotteries.forms import (
    CodeForm,
    OutcomeForm,
    PanelForm,
    PaperReplyForm,
    QuotaFormSet,
    RegistrationForm,
    SeedForm,
    ShareRegisterForm,
    UploadForm,
)
from meedoen.lotteries.letters import render_letters
from meedoen.lotteries.models import Draw, Invitation, Panel

SESSION_INVITATION = "meedoen_lottery_invitation"


def _panel(request, slug, **_kwargs):
    return get_object_or_404(Panel, slug=slug)


def _public_panel(slug) -> Panel:
    return get_object_or_404(Panel.objects.public(), slug=slug)


def _add_errors(form, error: services.LotteryError) -> None:
    for message in error.messages:
        form.add_error(None, message)


# --- public -------------------------------------------------------------------------------


@public
def index(request):
    panels = Panel.objects.public().exclude(kind=Panel.Kind.KINDERRAAD)
    return render(request, "lotteries/index.html", {"panels": panels})


@public
def panel_detail(request, slug):
    panel = _public_panel(slug)
    members = selectors.members(panel)
    return render(
        request,
        "lotteries/panel_detail.html",
        {
            "panel": panel,
            **selectors.panel_overview(panel),
            "features": selectors.feature_table(panel),
            "members": members,
            "named_members": [name for name in members if name],
            "anonymous_members": sum(1 for name in members if not name),
        },
    )


@public
def draw_record(request, slug, pk):
    draw = get_object_or_404(Draw, pk=pk, panel__slug=slug, panel__is_public=True)
    response = HttpResponse(services.record_json(draw), content_type="application/json")
    response["Content-Disposition"] = (
        f'attachment; filename="{draw.panel.slug}-{draw.stage}-{draw.pk}.json"'
    )
    return response


@public
def respondents_file(request, slug):
    panel = _public_panel(slug)
    if panel.stage2_draw is None:
        raise Http404
    response = HttpResponse(services.respondents_csv(panel), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{panel.slug}-respondenten.csv"'
    return response


@public
def quotas_file(request, slug):
    panel = _public_panel(slug)
    response = HttpResponse(services.quotas_csv(panel), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{panel.slug}-quota.csv"'
    return response


@public
def outcome_pdf(request, slug):
    panel = _public_panel(slug)
    if not panel.outcome_pdf:
        raise Http404
    return FileResponse(
        panel.outcome_pdf.open("rb"), content_type="application/pdf", filename=f"{slug}-verslag.pdf"
    )


@public
def share_register(request):
    register = selectors.current_register()
    return render(
        request,
        "lotteries/share_register.html",
        {"register": register, "table": selectors.register_table(register) if register else None},
    )


@public
def register_start(request):
    form = CodeForm(posted(request), initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        invitation = services.find_invitation(form.cleaned_data["code"])
        if invitation is None:
            form.add_error(
                "code",
                _("Wij kennen deze code niet. Kijk goed of u hem goed heeft overgetypt."),
            )
        elif invitation.status != Invitation.Status.INVITED:
            form.add_error(
                "code",
                _("Met deze code is al een aanmelding gedaan. U hoeft niets meer te doen."),
            )
        elif invitation.panel.stage2_draw is not None:
            form.add_error("code", _("Aanmelden kan niet meer: het panel is al geloot."))
        else:
            request.session[SESSION_INVITATION] = invitation.pk
            return redirect("lotteries:register_details")
    return render(request, "lotteries/register_start.html", {"form": form})


@public
def register_details(request):
    invitation_id = request.session.get(SESSION_INVITATION)
    invitation = Invitation.objects.select_related("panel").filter(pk=invitation_id).first()
    if invitation is None:
        messages.info(request, _("Typ eerst de code uit uw brief."))
        return redirect("lotteries:register_start")
    panel = invitation.panel
    form = RegistrationForm(posted(request), panel=panel)
    if request.method == "POST" and form.is_valid():
        try:
            services.register(invitation, form.answers())
        except services.LotteryError as error:
            _add_errors(form, error)
        else:
            del request.session[SESSION_INVITATION]
            return render(request, "lotteries/register_done.html", {"panel": panel})
    return render(request, "lotteries/register_details.html", {"form": form, "panel": panel})


# --- staff --------------------------------------------------------------------------------


@requires("lotteries.manage")
def staff_list(request):
    return render(
        request,
        "lotteries/staff_list.html",
        {
            "panels": Panel.objects.exclude(kind=Panel.Kind.KINDERRAAD),
            "register": selectors.current_register(),
        },
    )


@requires("lotteries.manage")
def panel_create(request):
    form = PanelForm(posted(request))
    if request.method == "POST" and form.is_valid():
        panel = services.save_panel(form, request.user)
        messages.success(request, _("Het panel is aangemaakt. Vul nu de quota in."))
        return redirect("lotteries:quotas", panel.slug)
    return render(request, "lotteries/panel_form.html", {"form": form})


@requires("lotteries.manage", get_object=_panel)
def panel_edit(request, slug):
    panel = request.permission_object
    form = PanelForm(posted(request), instance=panel)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_panel(form, request.user)
        except services.LotteryError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("De gegevens van het panel zijn opgeslagen."))
            return redirect("lotteries:manage", panel.slug)
    return render(request, "lotteries/panel_form.html", {"form": form, "panel": panel})


@requires("lotteries.manage", get_object=_panel)
def manage(request, slug):
    panel = request.permission_object
    return render(
        request,
        "lotteries/manage.html",
        {
            "panel": panel,
            **selectors.panel_overview(panel),
            "upload": getattr(panel, "population_upload", None),
            "population_rows": panel.population.count(),
            "register": selectors.current_register(),
            "invitations": panel.invitations.all(),
            "features": selectors.feature_table(panel),
            "unreplaced": services.unreplaced_dropouts(panel),
            "seed_form": SeedForm(),
        },
    )


@requires("lotteries.manage", get_object=_panel)
def quotas(request, slug):
    panel = request.permission_object
    initial = [
        {"category": q.category, "value": q.value, "min": q.min, "max": q.max}
        for q in panel.quotas.all()
    ]
    formset = QuotaFormSet(posted(request), initial=initial, prefix="quota")
    problems = []
    if request.method == "POST" and formset.is_valid():
        rows = [row for row in (form.row() for form in formset) if row]
        if not rows:
            problems = [_("Vul minstens één kenmerk met een waarde in.")]
        else:
            try:
                services.save_quotas(panel, rows, request.user)
            except services.LotteryError as error:
                problems = error.messages
            else:
                messages.success(request, _("De quota zijn opgeslagen."))
                return redirect("lotteries:manage", panel.slug)
    return render(
        request,
        "lotteries/quotas.html",
        {"panel": panel, "formset": formset, "problems": problems},
    )


@requires("lotteries.manage", get_object=_panel)
def population(request, slug):
    panel = request.permission_object
    form = UploadForm(posted(request), posted_files(request))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.import_population(panel, upload.name, upload.read(), request.user)
        except services.LotteryError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Het bestand is geladen: %(rows)s personen.") % {"rows": result.rows}
            )
            return redirect("lotteries:manage", panel.slug)
    return render(request, "lotteries/population.html", {"panel": panel, "form": form})


def _seed_step(request, panel, service, template, success, **extra):
    form = SeedForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            service(panel, form.cleaned_data["seed"], request.user)
        except services.LotteryError as error:
            _add_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("lotteries:manage", panel.slug)
    return render(request, template, {"panel": panel, "form": form, **extra})


@requires("lotteries.manage", get_object=_panel)
def stage1(request, slug):
    return _seed_step(
        request,
        request.permission_object,
        services.draw_stage1,
        "lotteries/stage1.html",
        _("De uitnodigingen zijn geloot. De gegevens van wie niet is uitgenodigd zijn verwijderd."),
    )


@requires("lotteries.manage", get_object=_panel)
def stage2(request, slug):
    return _seed_step(
        request,
        request.permission_object,
        services.draw_stage2,
        "lotteries/stage2.html",
        _("Het panel is geloot."),
        features=selectors.feature_table(request.permission_object),
    )


@requires("lotteries.manage", get_object=_panel)
def replacements(request, slug):
    return _seed_step(
        request,
        request.permission_object,
        services.draw_replacements,
        "lotteries/replacements.html",
        _("De vervangers zijn geloot."),
    )


@requires("lotteries.manage", get_object=_panel)
def letters(request, slug):
    panel = request.permission_object
    if not panel.invitations.exists():
        messages.error(request, _("Loot eerst de uitnodigingen. Daarna kunt u de brieven maken."))
        return redirect("lotteries:manage", panel.slug)
    # The public address, not the one this administrator happens to use: letters are printed.
    base_url = settings.SITE_URL + reverse("lotteries:register_start")
    pdf = render_letters(panel, base_url)
    record(
        request.user,
        "lotteries.letters_printed",
        panel,
        changes={"letters": panel.invitations.count()},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{panel.slug}-brieven.pdf"'
    return response


@requires("lotteries.manage", get_object=_panel)
def paper_reply(request, slug):
    panel = request.permission_object
    form = PaperReplyForm(posted(request), panel=panel)
    if request.method == "POST" and form.is_valid():
        invitation = services.find_invitation(form.cleaned_data["code"])
        if invitation is None or invitation.panel_id != panel.pk:
            form.add_error("code", _("Deze code hoort niet bij een uitnodiging voor dit panel."))
        else:
            try:
                services.register(
                    invitation, form.answers(), actor=request.user, channel=Invitation.Channel.PAPER
                )
            except services.LotteryError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Het antwoord op papier is opgeslagen."))
                return redirect("lotteries:paper_reply", panel.slug)
    return render(request, "lotteries/paper_reply.html", {"panel": panel, "form": form})


@require_POST
@requires("lotteries.manage", get_object=_panel)
def send_results(request, slug):
    panel = request.permission_object
    try:
        count = services.send_results(panel, request.user)
    except services.LotteryError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("De uitslag is verstuurd naar %(count)s mensen.") % {"count": count}
        )
    return redirect("lotteries:manage", panel.slug)


@require_POST
@requires("lotteries.manage", get_object=_panel)
def drop_out(request, slug, pk):
    panel = request.permission_object
    invitation = get_object_or_404(Invitation, pk=pk, panel=panel)
    try:
        services.mark_dropped_out(invitation, request.user)
    except services.LotteryError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("De afmelding is verwerkt. Loot nu een vervanger."))
    return redirect("lotteries:manage", panel.slug)


@requires("lotteries.manage", get_object=_panel)
def outcome(request, slug):
    panel = request.permission_object
    form = OutcomeForm(
        posted(request),
        posted_files(request),
        initial={"outcome_text": panel.outcome_text, "is_public": panel.is_public},
    )
    if request.method == "POST" and form.is_valid():
        services.save_outcome(
            panel,
            text=form.cleaned_data["outcome_text"],
            pdf=form.cleaned_data["outcome_pdf"],
            is_public=form.cleaned_data["is_public"],
            actor=request.user,
        )
        messages.success(request, _("De uitkomst is opgeslagen."))
        return redirect("lotteries:manage", panel.slug)
    return render(request, "lotteries/outcome.html", {"panel": panel, "form": form})


@requires("lotteries.manage", get_object=_panel)
def staff_record(request, slug, pk):
    draw = get_object_or_404(Draw, pk=pk, panel=request.permission_object)
    response = HttpResponse(services.record_json(draw), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{draw.stage}-{draw.pk}.json"'
    return response


@requires("lotteries.manage")
def share_register_upload(request):
    form = ShareRegisterForm(posted(request), posted_files(request))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            register = services.import_share_register(
                upload.name, upload.read(), form.cleaned_data["reference_date"], request.user
            )
        except services.LotteryError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Het aandeelregister is geladen: %(count)s mede-eigenaren.")
                % {"count": register.holders_count},
            )
            return redirect("lotteries:share_register")
    return render(
        request,
        "lotteries/share_register_upload.html",
        {"form": form, "register": selectors.current_register()},
    )
