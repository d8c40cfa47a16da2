"""Pages of the voting context: voting (DigiD or code), receipts, results, staff pages.

The ballot pages are public: anyone may open them, and who may *vote* is decided by
:mod:`meedoen.voting.eligibility` (a DigiD login of a resident of the district, or a code).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meedoen.accounts.permissions import DISTRICT_PAIR, can, public, requires, staff_districts
from meedoen.budgets.models import BudgetRound
from meedoen.form_data import posted, posted_files
from meedoen.voting import ballots as ballot_rules
from meedoen.voting import counting, results, services
from meedoen.voting.codes import parse_recipients
from meedoen.voting.eligibility import SESSION_CODE, current_voter, is_open
from meedoen.voting.forms import (
    CodeEntryForm,
    CodeUploadForm,
    PaperCodeForm,
    ReceiptCheckForm,
    ResultEmailForm,
)
from meedoen.voting.letters import letters_pdf
from meedoen.voting.models import AnonymousBallot, PaperBallotEntry, RoundResult, VotingCodeBatch

Phase = BudgetRound.Phase
DRAFT_KEY = "meedoen_ballot_draft"
RECEIPT_KEY = "meedoen_ballot_receipt"


def _round(request, slug, **kwargs):
    return get_object_or_404(BudgetRound.objects.visible().select_related("district"), slug=slug)


def _entry(request, slug, pk, **kwargs):
    entry = get_object_or_404(PaperBallotEntry.objects.select_related("round"), pk=pk)
    if entry.round.slug != slug:
        raise Http404
    return entry.round


# --- public ------------------------------------------------------------------------------


@public
def index(request):
    visible = BudgetRound.objects.visible().select_related("district")
    return render(
        request,
        "voting/index.html",
        {
            "open_rounds": visible.filter(phase=Phase.VOTING),
            "result_rounds": visible.filter(result__isnull=False),
        },
    )


@public
def code_entry(request):
    form = CodeEntryForm(posted(request), initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        code = services.find_code(form.cleaned_data["code"])
        if code is None:
            form.add_error(
                "code",
                _("Deze code kennen we niet. Kijk de code op uw brief na en probeer het opnieuw."),
            )
        elif code.used or services.has_voted(code.round, code.voter_key):
            form.add_error("code", _("U heeft al gestemd in deze ronde."))
        elif not is_open(code.round):
            form.add_error("code", _("Het stemmen in deze ronde is gesloten."))
        else:
            request.session.cycle_key()
            request.session[SESSION_CODE] = {"round": code.round_id, "code": str(code.pk)}
            return redirect("voting:ballot", code.round.slug)
    return render(request, "voting/code_entry.html", {"form": form})


@public
def receipt_check(request):
    form = ReceiptCheckForm(posted(request))
    status = None
    if request.method == "POST" and form.is_valid():
        status = services.receipt_status(form.cleaned_data["receipt"])
    return render(request, "voting/receipt_check.html", {"form": form, "status": status})


def _ballot_context(request, budget_round):
    """(voter, context) for the ballot and review pages; voter None = show context only."""
    voter, problem = current_voter(request, budget_round)
    context = {"round": budget_round, "problem": problem, "voter": voter}
    if not is_open(budget_round):
        context["closed"] = True
        return None, context
    if voter is not None and services.has_voted(budget_round, voter.voter_key):
        context["already_voted"] = True
        return None, context
    return voter, context


def _draft(request, budget_round):
    draft = request.session.get(DRAFT_KEY) or {}
    return draft.get("choices") if draft.get("round") == budget_round.pk else None


def _ballot_page(request, budget_round, context, options, raw, errors):
    form = budget_round.ballot_form
    rows = []
    for option in options:
        name = ballot_rules.field_name(budget_round, option.id)
        rows.append(
            {
                "option": option,
                "cost": ballot_rules.euro(option.cost) if option.cost is not None else "",
                "checked": str(option.id) in raw.get("initiative", []),
                "name": name,
                "value": raw.get(name, ""),
            }
        )
    context.update(
        {
            "rows": rows,
            "errors": errors,
            "budget": ballot_rules.euro(budget_round.budget),
            "is_choice": form in (ballot_rules.Form.APPROVAL, ballot_rules.Form.KNAPSACK),
        }
    )
    return render(request, "voting/ballot.html", context, status=400 if errors else 200)


@public
def ballot(request, slug):
    budget_round = _round(request, slug)
    voter, context = _ballot_context(request, budget_round)
    if voter is None:
        return render(request, "voting/ballot_gate.html", context)
    options = ballot_rules.ballot_options(budget_round)
    if request.method == "POST":
        submitted = ballot_rules.read_submission(budget_round, options, request.POST)
        if submitted.is_valid:
            request.session[DRAFT_KEY] = {"round": budget_round.pk, "choices": submitted.choices}
            return redirect("voting:review", budget_round.slug)
        return _ballot_page(
            request, budget_round, context, options, submitted.raw, submitted.errors
        )
    draft = _draft(request, budget_round)
    raw = ballot_rules.raw_from_choices(budget_round, draft) if draft is not None else {}
    return _ballot_page(request, budget_round, context, options, raw, [])


@public
def review(request, slug):
    budget_round = _round(request, slug)
    voter, context = _ballot_context(request, budget_round)
    if voter is None:
        return render(request, "voting/ballot_gate.html", context)
    choices = _draft(request, budget_round)
    if choices is None:
        return redirect("voting:ballot", budget_round.slug)
    options = ballot_rules.ballot_options(budget_round)
    if request.method == "POST":
        try:
            receipt = services.cast_ballot(budget_round, voter, choices)
        except services.VotingError as error:
            messages.error(request, error.message)
            return redirect("voting:ballot", budget_round.slug)
        request.session.pop(DRAFT_KEY, None)
        request.session.pop(SESSION_CODE, None)
        request.session[RECEIPT_KEY] = {"round": budget_round.pk, "receipt": receipt}
        return redirect("voting:thanks", budget_round.slug)
    context.update(_summary(budget_round, options, choices))
    return render(request, "voting/review.html", context)


def _summary(budget_round, options, choices) -> dict:
    by_id = {o.id: o for o in options}
    form = budget_round.ballot_form
    lines = []
    if form in (ballot_rules.Form.APPROVAL, ballot_rules.Form.KNAPSACK):
        for pk in choices:
            if pk in by_id:
                lines.append({"title": by_id[pk].title, "value": ballot_rules.euro(by_id[pk].cost)})
    else:
        for option in options:
            amount = int(choices.get(str(option.id), 0))
            if form == ballot_rules.Form.THEMES:
                value = ballot_rules.euro(amount)
            else:
                value = _("%(n)d punten") % {"n": amount}
            if amount or form == ballot_rules.Form.THEMES:
                lines.append({"title": option.title, "value": value})
    total = ballot_rules.totals(budget_round, options, choices)
    return {
        "lines": lines,
        "total_cost": ballot_rules.euro(total["cost"]) if "cost" in total else "",
        "total_used": total.get("used"),
        "budget": ballot_rules.euro(budget_round.budget),
    }


@public
def thanks(request, slug):
    budget_round = _round(request, slug)
    stored = request.session.get(RECEIPT_KEY) or {}
    receipt = None
    if stored.get("round") == budget_round.pk and request.method == "GET":
        receipt = stored["receipt"]
        del request.session[RECEIPT_KEY]  # shown once
    form = ResultEmailForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.subscribe_to_results(budget_round, form.cleaned_data["email"])
        messages.success(request, _("Dank u. We sturen u een e-mail als de uitslag bekend is."))
        return redirect("voting:thanks", budget_round.slug)
    return render(
        request,
        "voting/thanks.html",
        {"round": budget_round, "receipt": receipt, "form": form},
        status=400 if form.errors else 200,
    )


@public
def round_results(request, slug):
    budget_round = _round(request, slug)
    result = RoundResult.objects.filter(round=budget_round).first()
    context = {"round": budget_round, "result": result}
    if result is not None:
        engine = result.engine
        if engine["kind"] == "pb":
            context["rows"] = results.pb_rows(engine)
            context["chart"] = results.budget_chart(engine)
        else:
            context["themes"] = results.theme_rows(engine)
            context["chart_width"] = results.CHART_WIDTH
            context["chart_height"] = 36 * len(context["themes"])
    return render(request, "voting/results.html", context)


@public
def export(request, slug):
    budget_round = _round(request, slug)
    if (
        not RoundResult.objects.filter(round=budget_round).exists()
        or budget_round.ballot_form == BudgetRound.BallotForm.THEMES
    ):
        raise Http404
    response = HttpResponse(
        counting.export_pb(budget_round), content_type="text/plain; charset=utf-8"
    )
    filename = f"netherlands_deventer_{slugify(budget_round.slug).replace('-', '_')}.pb"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- staff -------------------------------------------------------------------------------


@requires("voting.staff")
def staff_index(request):
    rounds = BudgetRound.objects.visible().select_related("district")
    if not can(request.user, "voting.manage"):
        districts = staff_districts(request.user, roles=DISTRICT_PAIR)
        rounds = rounds.filter(district__in=districts) | rounds.filter(district__isnull=True)
    return render(request, "voting/staff_index.html", {"rounds": rounds.order_by("-voting_start")})


def _counts(budget_round) -> dict:
    ballots = AnonymousBallot.objects.filter(round=budget_round)
    return {
        "online": ballots.filter(channel=AnonymousBallot.Channel.ONLINE).count(),
        "paper": ballots.filter(channel=AnonymousBallot.Channel.PAPER).count(),
        "pending": PaperBallotEntry.objects.filter(
            round=budget_round, status=PaperBallotEntry.Status.PENDING
        ).count(),
    }


@requires("voting.round_staff", get_object=_round)
def staff_round(request, slug):
    budget_round = request.permission_object
    return render(
        request,
        "voting/staff_round.html",
        {
            "round": budget_round,
            "counts": _counts(budget_round),
            "batches": VotingCodeBatch.objects.filter(round=budget_round),
            "may_manage": can(request.user, "voting.manage", budget_round),
            "result": RoundResult.objects.filter(round=budget_round).first(),
            "is_open": is_open(budget_round),
        },
    )


@requires("voting.manage", get_object=_round)
def codes(request, slug):
    budget_round = request.permission_object
    form = CodeUploadForm(posted(request), posted_files(request))
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = parse_recipients(form.cleaned_data["file"])
        if upload.errors:
            problems = upload.errors
        else:
            batch, issued = services.create_voting_codes(budget_round, upload, request.user)
            # The letters are the only copy of the codes: offered once, right now.
            response = HttpResponse(
                letters_pdf(budget_round, issued), content_type="application/pdf"
            )
            response["Content-Disposition"] = (
                f'attachment; filename="stemcodes-{budget_round.slug}-{batch.pk}.pdf"'
            )
            return response
    return render(
        request,
        "voting/codes.html",
        {
            "round": budget_round,
            "form": form,
            "problems": problems,
            "batches": VotingCodeBatch.objects.filter(round=budget_round),
        },
        status=400 if problems or form.errors else 200,
    )


@requires("voting.manage", get_object=_round)
@require_POST
def void_batch(request, slug, batch_id):
    batch = get_object_or_404(VotingCodeBatch, pk=batch_id, round=request.permission_object)
    count = services.void_unused_codes(batch, request.user)
    messages.success(request, _("%(n)d ongebruikte codes zijn ingetrokken.") % {"n": count})
    return redirect("voting:codes", slug)


@requires("voting.round_staff", get_object=_round)
def paper(request, slug):
    budget_round = request.permission_object
    options = ballot_rules.ballot_options(budget_round)
    code_form = PaperCodeForm(posted(request))
    errors, raw, receipt = [], {}, None
    if request.method == "POST":
        submitted = ballot_rules.read_submission(budget_round, options, request.POST)
        raw, errors = submitted.raw, list(submitted.errors)
        if code_form.is_valid() and submitted.is_valid:
            try:
                _entry_obj, receipt = services.enter_paper_ballot(
                    budget_round, code_form.cleaned_data["code"], submitted.choices, request.user
                )
            except services.VotingError as error:
                errors = error.problems
            else:
                raw = {}
                code_form = PaperCodeForm()
    rows = [
        {
            "option": option,
            "cost": ballot_rules.euro(option.cost) if option.cost is not None else "",
            "checked": str(option.id) in raw.get("initiative", []),
            "name": ballot_rules.field_name(budget_round, option.id),
            "value": raw.get(ballot_rules.field_name(budget_round, option.id), ""),
        }
        for option in options
    ]
    pending = PaperBallotEntry.objects.filter(
        round=budget_round, status=PaperBallotEntry.Status.PENDING
    ).select_related("entered_by")
    by_id = {o.id: o for o in options}
    pending_rows = [
        {"entry": e, "summary": _entry_summary(budget_round, by_id, e.choices)} for e in pending
    ]
    return render(
        request,
        "voting/paper.html",
        {
            "round": budget_round,
            "form": code_form,
            "rows": rows,
            "errors": errors,
            "receipt": receipt,
            "pending_rows": pending_rows,
            "counts": _counts(budget_round),
            "is_choice": budget_round.ballot_form
            in (ballot_rules.Form.APPROVAL, ballot_rules.Form.KNAPSACK),
            "is_open": is_open(budget_round),
            "budget": ballot_rules.euro(budget_round.budget),
        },
        status=400 if request.method == "POST" and receipt is None else 200,
    )


def _entry_summary(budget_round, by_id, choices) -> str:
    if isinstance(choices, list):
        return ", ".join(by_id[i].title for i in choices if i in by_id)
    unit = "€ " if budget_round.ballot_form == ballot_rules.Form.THEMES else ""
    return ", ".join(
        f"{by_id[int(k)].title}: {unit}{v}" for k, v in choices.items() if int(k) in by_id
    )


@requires("voting.round_staff", get_object=_entry)
@require_POST
def paper_decide(request, slug, pk, decision):
    entry = get_object_or_404(PaperBallotEntry, pk=pk)
    try:
        if decision == "bevestigen":
            services.confirm_paper_ballot(entry, request.user)
            messages.success(request, _("De papieren stem is bevestigd en telt mee."))
        else:
            services.reject_paper_ballot(entry, request.user)
            messages.success(
                request, _("De papieren stem is afgewezen. De stemcode kan weer gebruikt worden.")
            )
    except services.VotingError as error:
        messages.error(request, error.message)
    return redirect("voting:paper", slug)


@requires("voting.manage", get_object=_round)
@require_POST
def close_and_count(request, slug):
    budget_round = request.permission_object
    try:
        counting.close_and_count(budget_round, request.user)
    except services.VotingError as error:
        messages.error(request, error.message)
        return redirect("voting:staff_round", slug)
    messages.success(request, _("De stemmen zijn geteld. De uitslag staat online."))
    return redirect("voting:results", slug)
