"""Pages of the Meedoenbudget: thin views over services (writes) and selectors (reads)."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meedoen.accounts.permissions import can, public, requires
from meedoen.budgets import forms, selectors, services
from meedoen.budgets.models import (
    BudgetRound,
    Comment,
    Expense,
    GroupInvitation,
    Initiative,
    InitiativePhoto,
    ResidentGroup,
)
from meedoen.budgets.services import WorkflowError
from meedoen.form_data import posted, posted_files

Phase = BudgetRound.Phase
Status = Initiative.Status


# --- loaders for @requires ---------------------------------------------------------------


def _round(request, slug, **kwargs):
    return get_object_or_404(BudgetRound.objects.select_related("district"), slug=slug)


def _group(request, pk=None, group=None, **kwargs):
    return get_object_or_404(ResidentGroup.objects.select_related("district"), pk=group or pk)


def _initiative(request, pk, **kwargs):
    return get_object_or_404(Initiative.objects.select_related("round", "district", "group"), pk=pk)


def _invitation(request, token):
    return get_object_or_404(GroupInvitation.objects.select_related("group__district"), token=token)


def _comment(request, pk):
    return get_object_or_404(Comment.objects.select_related("initiative__district"), pk=pk)


def _expense(request, pk):
    return get_object_or_404(
        Expense.objects.select_related("initiative__district", "initiative__round", "budget_line"),
        pk=pk,
    )


def _visible_or_404(request, action, obj):
    """For public pages whose object may be private: anonymous visitors may log in first."""
    if can(request.user, action, obj):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


# --- rounds ------------------------------------------------------------------------------


@public
def index(request):
    return render(
        request,
        "budgets/index.html",
        {
            "rounds_by_phase": selectors.rounds_by_phase(),
            "my_groups": selectors.groups_of(request.user),
            "can_manage": can(request.user, "budgets.round_manage"),
        },
    )


@public
def round_detail(request, slug):
    budget_round = _round(request, slug)
    if budget_round.phase == Phase.DRAFT and not can(request.user, "budgets.round_manage"):
        raise Http404
    my_groups = list(selectors.groups_of(request.user))
    startable = [
        group for group in my_groups if services.can_create_initiative(budget_round, group) is None
    ]
    return render(
        request,
        "budgets/round_detail.html",
        {
            "round": budget_round,
            "initiatives": selectors.round_initiatives(budget_round, request.user),
            "themes": budget_round.themes.all(),
            "startable_groups": startable,
            "my_groups": my_groups,
            "can_manage": can(request.user, "budgets.round_manage"),
            "next_phase": services.next_phase(budget_round.phase),
        },
    )


def _round_form(request, budget_round):
    form = forms.BudgetRoundForm(posted(request), instance=budget_round)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_round(form.save(commit=False), request.user, form.theme_names())
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De ronde is opgeslagen."))
            return redirect(saved)
    return render(request, "budgets/round_form.html", {"form": form, "round": budget_round})


@requires("budgets.round_manage")
def round_create(request):
    return _round_form(request, None)


@requires("budgets.round_manage", get_object=_round)
def round_edit(request, slug):
    return _round_form(request, request.permission_object)


@requires("budgets.round_manage", get_object=_round)
def round_advance(request, slug):
    budget_round = request.permission_object
    target = services.next_phase(budget_round.phase)
    if request.method == "POST":
        try:
            services.advance_phase(
                budget_round, request.user, expected_phase=request.POST.get("from_phase")
            )
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("De ronde is naar de volgende fase gegaan."))
        return redirect(budget_round)
    return render(
        request,
        "budgets/round_advance.html",
        {"round": budget_round, "target": Phase(target).label if target else None},
    )


# --- groups ------------------------------------------------------------------------------


@requires("budgets.group_create")
def group_create(request):
    form = forms.GroupForm(posted(request), initial={"district": request.user.district})
    if request.method == "POST" and form.is_valid():
        group = services.create_group(request.user, **form.cleaned_data)
        messages.success(request, _("Uw groep is aangemeld. Het wijkteam bekijkt de aanmelding."))
        return redirect("budgets:group_detail", group.pk)
    return render(request, "budgets/group_form.html", {"form": form})


@public
def group_detail(request, pk):
    group = _group(request, pk)
    denied = _visible_or_404(request, "budgets.group_view", group)
    if denied:
        return denied
    is_member = can(request.user, "budgets.group_member", group)
    sees_members = is_member or can(request.user, "budgets.group_decide", group)
    initiatives = group.initiatives.select_related("round").order_by("-created_at")
    if not is_member:
        initiatives = initiatives.exclude(status=Status.DRAFT)
    open_rounds = BudgetRound.objects.filter(phase=Phase.IDEAS).for_district(group.district)
    return render(
        request,
        "budgets/group_detail.html",
        {
            "group": group,
            "is_member": is_member,
            "members": group.memberships.filter(accepted=True) if sees_members else None,
            "initiatives": initiatives,
            "invitations": [i for i in group.invitations.all() if i.is_open] if is_member else [],
            "can_decide": can(request.user, "budgets.group_decide", group)
            and group.status != ResidentGroup.Status.CONFIRMED,
            "open_rounds": [
                r for r in open_rounds if services.can_create_initiative(r, group) is None
            ]
            if is_member
            else [],
        },
    )


@requires("budgets.group_member", get_object=_group)
def group_edit(request, pk):
    group = request.permission_object
    form = forms.GroupEditForm(
        posted(request), initial={"name": group.name, "description": group.description}
    )
    if request.method == "POST" and form.is_valid():
        services.update_group(group, request.user, **form.cleaned_data)
        messages.success(request, _("De gegevens van de groep zijn opgeslagen."))
        return redirect("budgets:group_detail", group.pk)
    return render(request, "budgets/group_edit.html", {"form": form, "group": group})


@require_POST
@requires("budgets.group_member", get_object=_group)
def group_invite(request, pk):
    group = request.permission_object
    services.invite(group, request.user)
    messages.success(
        request, _("Er is een nieuwe uitnodiging gemaakt. Stuur de link naar de nieuwe deelnemer.")
    )
    return redirect("budgets:group_detail", group.pk)


@requires("budgets.invitation_accept", get_object=_invitation)
def invitation(request, token):
    invite = request.permission_object
    form = forms.JoinForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_invitation(
                token, request.user, display_name=form.cleaned_data["display_name"]
            )
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Welkom! U bent nu lid van de groep."))
            return redirect("budgets:group_detail", invite.group.pk)
    return render(request, "budgets/invitation.html", {"invitation": invite, "form": form})


@requires("budgets.group_decide", get_object=_group)
def group_decide(request, pk):
    group = request.permission_object
    form = forms.GroupDecisionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_group(
                group,
                request.user,
                confirm=form.cleaned_data["decision"] == "confirm",
                note=form.cleaned_data["note"],
            )
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Uw besluit over de groep is opgeslagen."))
            return redirect("districts:staff", group.district.slug)
    return render(
        request,
        "budgets/group_decide.html",
        {"group": group, "form": form, "members": group.memberships.filter(accepted=True)},
    )


# --- initiatives -------------------------------------------------------------------------


def _edit_forms(request, initiative):
    data = request.POST if request.method == "POST" else None
    return (
        forms.InitiativeForm(data, instance=initiative, prefix="plan"),
        forms.BudgetLines(data, instance=initiative, prefix="kosten"),
        forms.Goals(data, instance=initiative, prefix="doelen"),
    )


def _render_edit(request, context):
    lines = context["lines"]
    total = sum((f.instance.amount for f in lines.forms if f.instance.pk and f.instance.amount), 0)
    return render(request, "budgets/initiative_form.html", {**context, "saved_total": total})


@requires("budgets.group_member", get_object=_group)
def initiative_create(request, slug, group):
    resident_group = request.permission_object
    budget_round = _round(request, slug)
    reason = services.can_create_initiative(budget_round, resident_group)
    if reason:
        messages.error(request, reason)
        return redirect(budget_round)
    plan, lines, goals = _edit_forms(request, Initiative(round=budget_round))
    if request.method == "POST" and all([plan.is_valid(), lines.is_valid(), goals.is_valid()]):
        try:
            with transaction.atomic():
                initiative = services.create_initiative(
                    budget_round, resident_group, request.user, **plan.cleaned_data
                )
                lines.instance = goals.instance = initiative
                lines.save()
                goals.save()
        except WorkflowError as error:
            messages.error(request, str(error))
            return redirect(budget_round)
        messages.success(
            request, _("Uw plan is opgeslagen als concept. Dien het in als het klaar is.")
        )
        return redirect(initiative)
    return _render_edit(
        request,
        {
            "plan": plan,
            "lines": lines,
            "goals": goals,
            "round": budget_round,
            "group": resident_group,
        },
    )


@requires("budgets.initiative_edit", get_object=_initiative)
def initiative_edit(request, pk):
    initiative = request.permission_object
    try:
        services.ensure_editable(initiative)
    except WorkflowError as error:
        messages.error(request, str(error))
        return redirect(initiative)
    plan, lines, goals = _edit_forms(request, initiative)
    if request.method == "POST" and all([plan.is_valid(), lines.is_valid(), goals.is_valid()]):
        with transaction.atomic():
            plan.save()
            lines.save()
            goals.save()
        messages.success(request, _("Uw wijzigingen zijn opgeslagen."))
        return redirect(initiative)
    return _render_edit(
        request,
        {
            "plan": plan,
            "lines": lines,
            "goals": goals,
            "round": initiative.round,
            "group": initiative.group,
            "initiative": initiative,
        },
    )


@require_POST
@requires("budgets.initiative_edit", get_object=_initiative)
def initiative_submit(request, pk):
    initiative = request.permission_object
    try:
        services.submit(initiative, request.user)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Uw plan is ingediend. Het wijkteam gaat het bekijken."))
    return redirect(initiative)


@public
def initiative_detail(request, pk):
    initiative = _initiative(request, pk)
    denied = _visible_or_404(request, "budgets.initiative_view", initiative)
    if denied:
        return denied
    user = request.user
    is_member = can(user, "budgets.group_member", initiative)
    in_ideas = initiative.round.phase == Phase.IDEAS and initiative.status not in (
        Status.DRAFT,
        Status.REJECTED,
    )
    executing = initiative.status == Status.SELECTED and initiative.round.phase == Phase.EXECUTION
    resident = can(user, "budgets.initiative_react", initiative)
    return render(
        request,
        "budgets/initiative_detail.html",
        {
            "initiative": initiative,
            "lines": initiative.budget_lines.all(),
            "goals": initiative.goals.all(),
            "photos": initiative.photos.filter(progress_update__isnull=True),
            "timeline": initiative.status_changes.all(),
            "comments": initiative.comments.select_related("author"),
            "support_count": initiative.supports.count(),
            "has_supported": resident and initiative.supports.filter(user=user).exists(),
            "can_react": resident and in_ideas,
            "can_moderate": can(user, "budgets.comment_hide", initiative),
            "is_member": is_member,
            "can_edit": is_member and _editable(initiative),
            "can_review": can(user, "budgets.initiative_review", initiative)
            and initiative.status == Status.SUBMITTED
            and initiative.round.phase == Phase.REVIEW,
            "can_approve": can(user, "budgets.initiative_approve", initiative)
            and initiative.status == Status.REVIEWED
            and initiative.round.phase == Phase.REVIEW,
            "executing": executing,
            "can_report": is_member and executing,
            "sees_spending": is_member or can(user, "budgets.expense_decide", initiative),
            "can_check_spending": can(user, "budgets.expense_decide", initiative),
            "spending": services.spending_by_line(initiative),
            "expenses": initiative.expenses.select_related("budget_line"),
            "progress": initiative.progress_updates.prefetch_related("photos"),
            "last_message": initiative.status_changes.filter(
                to_status__in=[Status.CHANGES_REQUESTED, Status.REJECTED]
            ).last(),
            "reviews": initiative.reviews.all(),
        },
    )


def _editable(initiative) -> bool:
    try:
        services.ensure_editable(initiative)
    except WorkflowError:
        return False
    return True


@requires("budgets.initiative_edit", get_object=_initiative)
def photo_add(request, pk):
    initiative = request.permission_object
    form = forms.PhotoForm(posted(request), posted_files(request))
    if not _editable(initiative):
        messages.error(request, _("U kunt nu geen foto's meer toevoegen aan dit plan."))
        return redirect(initiative)
    if request.method == "POST" and form.is_valid():
        photo = form.save(commit=False)
        photo.initiative = initiative
        photo.save()
        messages.success(request, _("De foto is toegevoegd."))
        return redirect(initiative)
    return render(request, "budgets/photo_form.html", {"form": form, "initiative": initiative})


def _file_response(field_file):
    content_type = mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@public
def photo(request, pk):
    item = get_object_or_404(InitiativePhoto.objects.select_related("initiative"), pk=pk)
    denied = _visible_or_404(request, "budgets.photo_view", item)
    if denied:
        return denied
    return _file_response(item.image)


@requires("budgets.receipt_view", get_object=_expense)
def receipt(request, pk):
    response = _file_response(request.permission_object.receipt)
    response["Content-Disposition"] = "attachment"
    return response


@requires("budgets.initiative_review", get_object=_initiative)
def initiative_review(request, pk):
    initiative = request.permission_object
    form = forms.ReviewForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.review(initiative, request.user, **form.cleaned_data)
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Uw beoordeling is opgeslagen."))
            return redirect(initiative)
    return render(
        request,
        "budgets/initiative_review.html",
        {
            "initiative": initiative,
            "form": form,
            "lines": initiative.budget_lines.all(),
            "goals": initiative.goals.all(),
        },
    )


@requires("budgets.initiative_approve", get_object=_initiative)
def initiative_approve(request, pk):
    initiative = request.permission_object
    form = forms.DecisionForm(
        posted(request),
        yes=_("Goedkeuren: het plan gaat naar de stemming"),
        no=_("Niet goedkeuren"),
        note_required_message=_("Schrijf op waarom het plan niet door kan gaan."),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.alderman_decision(
                initiative, request.user, approve=form.approve, note=form.cleaned_data["note"]
            )
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Uw besluit is opgeslagen."))
            return redirect(initiative)
    return render(
        request,
        "budgets/initiative_approve.html",
        {"initiative": initiative, "form": form, "reviews": initiative.reviews.all()},
    )


@require_POST
@requires("budgets.initiative_react", get_object=_initiative)
def comment(request, pk):
    initiative = request.permission_object
    form = forms.CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Schrijf eerst een reactie."))
        return redirect(initiative)
    try:
        services.add_comment(initiative, request.user, form.cleaned_data["text"])
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Uw reactie staat bij het plan."))
    return redirect(f"{initiative.get_absolute_url()}#reacties")


@require_POST
@requires("budgets.initiative_react", get_object=_initiative)
def support(request, pk):
    initiative = request.permission_object
    try:
        if request.POST.get("withdraw"):
            services.withdraw_support(initiative, request.user)
            messages.success(request, _("U steunt dit plan niet meer."))
        elif services.support(initiative, request.user):
            messages.success(request, _("Bedankt, u steunt dit plan."))
        else:
            messages.info(request, _("U steunde dit plan al."))
    except WorkflowError as error:
        messages.error(request, str(error))
    return redirect(initiative)


@requires("budgets.comment_hide", get_object=_comment)
def comment_hide(request, pk):
    item = request.permission_object
    form = forms.HideCommentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.hide_comment(item, request.user, form.cleaned_data["reason"])
        messages.success(request, _("De reactie is verborgen."))
        return redirect(f"{item.initiative.get_absolute_url()}#reacties")
    return render(request, "budgets/comment_hide.html", {"comment": item, "form": form})


# --- execution ---------------------------------------------------------------------------


def _execution_guard(request, initiative):
    if initiative.status != Status.SELECTED or initiative.round.phase != Phase.EXECUTION:
        messages.error(request, _("Dit kan alleen bij een gekozen plan in de fase 'uitvoering'."))
        return redirect(initiative)
    return None


@requires("budgets.initiative_edit", get_object=_initiative)
def progress_add(request, pk):
    initiative = request.permission_object
    guard = _execution_guard(request, initiative)
    if guard:
        return guard
    form = forms.ProgressForm(posted(request))
    photo_form = forms.OptionalPhotoForm(posted(request), posted_files(request), prefix="foto")
    if request.method == "POST" and form.is_valid() and photo_form.is_valid():
        picture = photo_form.save(commit=False) if photo_form.cleaned_data.get("image") else None
        try:
            services.add_progress(initiative, request.user, photo=picture, **form.cleaned_data)
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("De voortgang is opgeslagen."))
        return redirect(initiative)
    return render(
        request,
        "budgets/progress_form.html",
        {"form": form, "photo_form": photo_form, "initiative": initiative},
    )


@requires("budgets.initiative_edit", get_object=_initiative)
def expense_add(request, pk):
    initiative = request.permission_object
    guard = _execution_guard(request, initiative)
    if guard:
        return guard
    form = forms.ExpenseForm(posted(request), posted_files(request), initiative=initiative)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_expense(initiative, request.user, form.save(commit=False))
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("De uitgave is opgeslagen. Het wijkteam controleert hem."))
            return redirect(initiative)
    return render(request, "budgets/expense_form.html", {"form": form, "initiative": initiative})


@requires("budgets.expense_decide", get_object=_expense)
def expense_decide(request, pk):
    expense = request.permission_object
    form = forms.DecisionForm(
        posted(request),
        yes=_("Goedkeuren"),
        no=_("Afkeuren"),
        note_required_message=_("Schrijf op waarom u de uitgave afkeurt."),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_expense(
                expense, request.user, approve=form.approve, note=form.cleaned_data["note"]
            )
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Uw besluit over de uitgave is opgeslagen."))
            return redirect(expense.initiative)
    return render(request, "budgets/expense_decide.html", {"expense": expense, "form": form})


@requires("budgets.initiative_edit", get_object=_initiative)
def final_report(request, pk):
    initiative = request.permission_object
    guard = _execution_guard(request, initiative)
    if guard:
        return guard
    form = forms.FinalReportForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.complete(initiative, request.user, report=form.cleaned_data["report"])
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Het eindverslag is opgeslagen. Het plan is klaar."))
            return redirect(initiative)
    return render(request, "budgets/final_report.html", {"form": form, "initiative": initiative})
