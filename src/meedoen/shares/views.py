from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from meedoen import paper_codes as codes
from meedoen.accounts.permissions import public, requires
from meedoen.form_data import posted
from meedoen.lotteries.models import Panel
from meedoen.shares import selectors, services
from meedoen.shares.forms import CodeForm, IssueForm
from meedoen.shares.models import Partner
from meedoen.shares.pdf import vouchers_pdf
from meedoen.shares.rules import partner_of
from meedoen.shares.services import RedemptionRefused


def _date(value) -> str:
    return formats.date_format(
        timezone.localtime(value) if hasattr(value, "tzinfo") else value, "j F Y"
    )


def refusal_message(problem: RedemptionRefused, viewer_partner=None) -> str:
    """A clear Dutch sentence for why a voucher cannot be used. Another partner learns only
    *that* it was used and when, not where."""
    voucher, redemption = problem.voucher, problem.redemption
    if problem.reason == RedemptionRefused.UNKNOWN:
        return _(
            "Deze code kennen we niet. Kijk of alle 12 tekens goed zijn overgenomen en probeer "
            "het opnieuw."
        )
    if problem.reason == RedemptionRefused.NOT_YET_VALID:
        return _("Deze bon is nog niet geldig. U kunt hem gebruiken vanaf %(date)s.") % {
            "date": _date(voucher.valid_from)
        }
    if problem.reason == RedemptionRefused.EXPIRED:
        return _("Deze bon is verlopen. Hij was geldig tot en met %(date)s.") % {
            "date": _date(voucher.valid_until)
        }
    if problem.reason == RedemptionRefused.ALREADY_REDEEMED:
        when = _date(redemption.at)
        if viewer_partner is None or viewer_partner.pk == redemption.partner_id:
            return _("Deze bon is al gebruikt op %(date)s bij %(partner)s.") % {
                "date": when,
                "partner": redemption.partner.name,
            }
        return _("Deze bon is al gebruikt op %(date)s bij een andere partner.") % {"date": when}
    return _("Uw organisatie doet nu niet mee. Neem contact op met de gemeente.")


@public
def index(request):
    partners = Partner.objects.active().select_related("district")
    return render(request, "shares/index.html", {"partners": partners})


@public
def check(request):
    """A resident checks a voucher with its code (POST: the code stays out of URLs and logs)."""
    form = CodeForm(posted(request))
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        voucher = services.find_voucher(form.cleaned_data["code"])
        problem = services.refusal(voucher)
        context.update(voucher=voucher, problem=problem)
        if problem is not None:
            context["message"] = refusal_message(problem)
    return render(request, "shares/check.html", context)


@requires("shares.redeem")
def redeem(request):
    """The partner page: scan (the QR opens this page with the code) or type, then confirm."""
    partner = partner_of(request.user)
    data = (
        request.POST
        if request.method == "POST"
        else (request.GET if "code" in request.GET else None)
    )
    form = CodeForm(data)
    context = {"form": form, "partner": partner}
    if data is not None and form.is_valid():
        code = form.cleaned_data["code"]
        if request.method == "POST" and request.POST.get("confirm") == "1":
            try:
                redemption = services.redeem(request.user, partner, code)
            except RedemptionRefused as problem:
                context.update(problem=problem, message=refusal_message(problem, partner))
            else:
                context.update(redeemed=redemption, form=CodeForm())
                return render(request, "shares/redeem.html", context)
        else:
            voucher = services.find_voucher(code)
            problem = services.refusal(voucher)
            context.update(voucher=voucher, problem=problem, code=codes.formatted(code))
            if problem is not None:
                context["message"] = refusal_message(problem, partner)
    return render(request, "shares/redeem.html", context)


@requires("shares.manage")
def staff_overview(request):
    return render(
        request,
        "shares/staff_overview.html",
        {
            "meetings": selectors.meetings_with_totals(),
            "partners": selectors.partners_with_totals(),
        },
    )


def _coowners_meeting(request, slug):
    return get_object_or_404(Panel, slug=slug, kind=Panel.Kind.COOWNERS)


@requires("shares.manage", get_object=_coowners_meeting)
def issue(request, slug):
    """Issue vouchers and print them at once: the plain codes exist only in this PDF."""
    panel = request.permission_object
    form = IssueForm(posted(request), panel=panel)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        issued = services.issue_vouchers(
            request.user,
            panel,
            value=data["value"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
            invitations=data.get("invitations") or (),
            first_names=data["names"],
            count=data.get("count"),
        )
        response = HttpResponse(vouchers_pdf(issued, panel), content_type="application/pdf")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = (
            f'attachment; filename="dividendbonnen-{panel.slug}-{stamp}.pdf"'
        )
        return response
    return render(request, "shares/issue.html", {"form": form, "panel": panel})
