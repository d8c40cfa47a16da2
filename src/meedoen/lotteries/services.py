"""Domain operations of the lotteries: each owns its transaction and writes the audit log."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.audit.services import record as audit
from meedoen.lotteries import codes
from meedoen.lotteries.models import (
    Draw,
    Invitation,
    Panel,
    PopulationMember,
    PopulationUpload,
    Quota,
    ShareHolder,
    ShareRegister,
)
from meedoen.lotteries.population import parse_population
from meedoen.lotteries.quotas import quota_problems, relaxation_messages
from meedoen.sortition import (
    InfeasibleQuotasError,
    Person,
    Respondent,
    SortitionInputError,
    draw_invitations,
    draw_panel,
    draw_replacements_record,
    find_distribution,
    write_respondents_csv,
)
from meedoen.sortition import Quota as EngineQuota


class LotteryError(Exception):
    """A step that cannot be done now; ``messages`` say why, in Dutch."""

    def __init__(self, *messages: str):
        self.messages = list(messages)
        super().__init__(" ".join(self.messages))


# --- panels and quotas ---


def save_panel(form, actor) -> Panel:
    """Saves a new or changed panel from a valid :class:`PanelForm`."""
    with transaction.atomic():
        created = form.instance.pk is None
        if not created:
            Panel.objects.select_for_update().get(pk=form.instance.pk)
            changed = set(form.changed_data)
            draws = set(form.instance.draws.values_list("stage", flat=True))
            if Draw.Stage.INVITATIONS in draws and changed & {
                "invitation_count",
                "min_age",
                "kind",
            }:
                raise LotteryError(
                    _(
                        "De uitnodigingen zijn al geloot. Soort, aantal uitnodigingen en "
                        "minimumleeftijd liggen vast."
                    )
                )
            if Draw.Stage.PANEL in draws and "panel_size" in changed:
                raise LotteryError(_("Het panel is al geloot. Het aantal deelnemers ligt vast."))
        panel = form.save()
        audit(
            actor,
            "lotteries.panel_created" if created else "lotteries.panel_changed",
            panel,
            changes={"fields": list(form.changed_data)},
        )
    return panel


# --- quotas -------------------------------------------------------------------------------


def save_quotas(panel: Panel, rows: list[tuple[str, str, int, int]], actor) -> None:
    """Replaces the quota table. After registrations started only min and max may change."""
    problems = quota_problems(panel.panel_size, rows)
    if problems:
        raise LotteryError(*problems)
    with transaction.atomic():
        panel = Panel.objects.select_for_update().get(pk=panel.pk)
        if panel.draws.filter(stage=Draw.Stage.PANEL).exists():
            raise LotteryError(_("Het panel is al geloot. De quota liggen vast."))
        old = {(q.category, q.value): (q.min, q.max) for q in panel.quotas.all()}
        new = {(c, v): (lo, hi) for c, v, lo, hi in rows}
        registered = panel.invitations.exclude(status=Invitation.Status.INVITED).exists()
        if registered and set(old) != set(new):
            raise LotteryError(
                _(
                    "Er zijn al aanmeldingen. U kunt nu alleen nog de minima en maxima "
                    "veranderen, geen kenmerken of waarden."
                )
            )
        panel.quotas.all().delete()
        Quota.objects.bulk_create(
            Quota(panel=panel, category=c, value=v, min=lo, max=hi, position=i)
            for i, (c, v, lo, hi) in enumerate(rows)
        )
        audit(actor, "lotteries.quotas_saved", panel, changes={"quotas": [list(r) for r in rows]})


# --- population and stage 1 ------------------------------------------------------------------


def import_population(panel: Panel, file_name: str, data: bytes, actor) -> PopulationUpload:
    """Imports a population file for stage 1: all rows or, on any problem, nothing."""
    parsed = parse_population(data)
    if parsed.errors:
        raise LotteryError(*parsed.errors)
    with transaction.atomic():
        panel = Panel.objects.select_for_update().get(pk=panel.pk)
        if panel.draws.filter(stage=Draw.Stage.INVITATIONS).exists():
            raise LotteryError(
                _("De uitnodigingen zijn al geloot. Een nieuw bestand kan niet meer.")
            )
        panel.population.all().delete()
        PopulationUpload.objects.filter(panel=panel).delete()
        PopulationMember.objects.bulk_create(
            (
                PopulationMember(
                    panel=panel,
                    person_id=row.person_id,
                    address=row.address,
                    birth_year=row.birth_year,
                    sex=row.sex,
                    district=row.district,
                )
                for row in parsed.rows
            ),
            batch_size=2000,
        )
        upload = PopulationUpload.objects.create(
            panel=panel,
            file_name=file_name[:200],
            sha256=parsed.sha256,
            rows=len(parsed.rows),
            uploaded_by=actor,
        )
        audit(
            actor,
            "lotteries.population_uploaded",
            panel,
            changes={"rows": len(parsed.rows), "sha256": parsed.sha256},
        )
    return upload


def reference_year(panel: Panel) -> int:
    return (panel.starts_on or timezone.localdate()).year


def _stage1_population(panel: Panel) -> list[Person]:
    if panel.draws_from_share_register:
        register = ShareRegister.objects.order_by("-uploaded_at").first()
        if register is None:
            raise LotteryError(_("Er is nog geen aandeelregister. Laad eerst het register."))
        # The register holds no addresses: every co-owner counts as their own household.
        return [
            Person(
                id=h.person_id, address=h.person_id, birth_year=h.birth_year, district=h.district
            )
            for h in register.holders.all()
        ]
    return [
        Person(
            id=m.person_id,
            address=m.address,
            birth_year=m.birth_year,
            sex=m.sex,
            district=m.district,
        )
        for m in panel.population.all()
    ]


def _population_file_sha256(panel: Panel) -> str:
    if panel.draws_from_share_register:
        register = ShareRegister.objects.order_by("-uploaded_at").first()
        return register.sha256 if register else ""
    upload = PopulationUpload.objects.filter(panel=panel).first()
    return upload.sha256 if upload else ""


def draw_stage1(panel: Panel, seed: str, actor) -> Draw:
    """Draws the invitations (one per address), then deletes everyone else's data."""
    with transaction.atomic():
        panel = Panel.objects.select_for_update().get(pk=panel.pk)
        if panel.draws.filter(stage=Draw.Stage.INVITATIONS).exists():
            raise LotteryError(_("De uitnodigingen voor dit panel zijn al geloot."))
        if panel.invitation_count < panel.panel_size:
            raise LotteryError(
                _("Nodig minstens zoveel mensen uit als er plaatsen in het panel zijn.")
            )
        population = _stage1_population(panel)
        if not population:
            raise LotteryError(_("Er is nog geen bevolkingsbestand. Laad eerst het bestand."))
        min_age = panel.min_age or None
        try:
            result = draw_invitations(
                population,
                panel.invitation_count,
                seed,
                min_age=min_age,
                reference_year=reference_year(panel) if min_age else None,
            )
        except SortitionInputError as exc:
            raise LotteryError(_("De loting kon niet: %(reason)s") % {"reason": exc}) from exc
        Invitation.objects.bulk_create(
            Invitation(
                panel=panel,
                person_id=person.id,
                draw_position=position,
                address="" if panel.draws_from_share_register else person.address,
                household=household_key(panel, person.address),
                birth_year=person.birth_year,
                sex=person.sex,
                district=person.district,
                code_hash=codes.code_hash(codes.response_code(panel.pk, person.id)),
            )
            for position, person in enumerate(result.invited, start=1)
        )
        record = result.to_record()
        record["panel"] = panel.slug
        draw = Draw.objects.create(
            panel=panel,
            stage=Draw.Stage.INVITATIONS,
            seed=result.seed,
            algorithm=result.algorithm,
            inputs={
                "population_sha256": result.population_sha256,
                "population_file_sha256": _population_file_sha256(panel),
            },
            record=record,
            created_by=actor,
        )
        purged = purge_population(panel)
        audit(
            actor,
            "lotteries.stage1_drawn",
            panel,
            changes={
                "seed": result.seed,
                "invited": len(result.invited),
                "population_rows_deleted": purged,
            },
        )
    return draw


def purge_population(panel: Panel) -> int:
    """Deletes the population file's rows; the invited live on as :class:`Invitation`."""
    deleted, _details = PopulationMember.objects.filter(panel=panel).delete()
    PopulationUpload.objects.filter(panel=panel).update(
        purged_at=timezone.now(), purged_rows=deleted
    )
    return deleted


# --- registration ---------------------------------------------------------------------------


def find_invitation(code: str) -> Invitation | None:
    if not codes.looks_like_a_code(code):
        return None
    return (
        Invitation.objects.select_related("panel").filter(code_hash=codes.code_hash(code)).first()
    )


def register(
    invitation: Invitation, answers: dict, *, actor=None, channel=Invitation.Channel.ONLINE
):
    """Records a reply to an invitation, once. Paper replies entered by staff are audited."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != Invitation.Status.INVITED:
            raise LotteryError(
                _("Met deze code is al een aanmelding gedaan. U hoeft niets meer te doen.")
            )
        if invitation.panel.draws.filter(stage=Draw.Stage.PANEL).exists():
            raise LotteryError(_("Aanmelden kan niet meer: het panel is al geloot."))
        invitation.features = answers["features"]
        invitation.first_name = answers.get("first_name", "")
        invitation.email = answers.get("email", "")
        invitation.phone = answers.get("phone", "")
        invitation.status = Invitation.Status.REGISTERED
        invitation.channel = channel
        invitation.registered_at = timezone.now()
        invitation.save()
        if invitation.email:
            subject, body = _confirmation_message(invitation)
            email = invitation.email
            transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
        if channel == Invitation.Channel.PAPER:
            audit(
                actor,
                "lotteries.paper_reply_entered",
                invitation,
                changes={"features": invitation.features},
            )
    return invitation


def _confirmation_message(invitation: Invitation) -> tuple[str, str]:
    panel = invitation.panel
    subject = _("Uw aanmelding voor %(title)s") % {"title": panel.title}
    body = "\n\n".join(
        [
            _("Beste %(name)s,") % {"name": invitation.first_name}
            if invitation.first_name
            else _("Beste inwoner,"),
            _(
                "Bedankt voor uw aanmelding. Na de loting krijgt u een e-mail of u bent "
                "geloot. Vragen? Bel %(phone)s."
            )
            % {"phone": panel.help_phone},
            _("Met vriendelijke groet,\nGemeente Deventer"),
        ]
    )
    return subject, body


# --- stage 2 and replacements ---------------------------------------------------------------


def household_key(panel: Panel, address: str) -> str:
    """A pseudonymous label for an address: the address is never part of a published file."""
    return hashlib.sha256(f"{panel.pk}:{address}".encode()).hexdigest()[:12]


def engine_quotas(panel: Panel) -> list[EngineQuota]:
    return [EngineQuota(q.category, q.value, q.min, q.max) for q in panel.quotas.all()]


def respondents(panel: Panel) -> list[Respondent]:
    """Everyone who answered (also those drawn or dropped out later), as the engine sees them."""
    categories = list(panel.categories)
    people = panel.invitations.exclude(status=Invitation.Status.INVITED).exclude(registered_at=None)
    return [
        Respondent(
            inv.person_id,
            {c: inv.features.get(c, "") for c in categories},
            inv.household or None,
        )
        for inv in people
    ]


def respondents_csv(panel: Panel) -> str:
    """The respondents file anyone can use to re-run stage 2 (no names, no addresses)."""
    buffer = io.StringIO()
    write_respondents_csv(sorted(respondents(panel), key=lambda r: r.id), buffer)
    return buffer.getvalue()


def quotas_csv(panel: Panel) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["category", "feature", "min", "max"])
    for q in panel.quotas.all():
        writer.writerow([q.category, q.value, q.min, q.max])
    return buffer.getvalue()


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def draw_stage2(panel: Panel, seed: str, actor) -> Draw:
    """Draws the panel from the respondents: LEXIMIN-fair within the quotas."""
    with transaction.atomic():
        panel = Panel.objects.select_for_update().get(pk=panel.pk)
        if panel.draws.filter(stage=Draw.Stage.PANEL).exists():
            raise LotteryError(_("Het panel is al geloot."))
        quotas = engine_quotas(panel)
        if not quotas:
            raise LotteryError(_("Vul eerst de quota in."))
        problems = quota_problems(
            panel.panel_size, [(q.category, q.value, q.min, q.max) for q in quotas]
        )
        if problems:
            raise LotteryError(*problems)
        pool = respondents(panel)
        if len(pool) < panel.panel_size:
            raise LotteryError(
                _("Er zijn %(count)s aanmeldingen. Dat is te weinig voor een panel van %(size)s.")
                % {"count": len(pool), "size": panel.panel_size}
            )
        try:
            distribution = find_distribution(pool, quotas, panel.panel_size, algorithm="leximin")
            result = draw_panel(distribution, seed)
        except InfeasibleQuotasError as exc:
            raise LotteryError(
                _(
                    "Met deze aanmeldingen kan geen panel binnen de quota worden geloot. Er is niets geloot."
                ),
                *relaxation_messages(exc.relaxations),
            ) from exc
        except SortitionInputError as exc:
            raise LotteryError(_("De loting kon niet: %(reason)s") % {"reason": exc}) from exc
        selected = set(result.panel)
        panel.invitations.filter(person_id__in=selected).update(status=Invitation.Status.SELECTED)
        probabilities = result.record["distribution"]["probabilities"]
        draw = Draw.objects.create(
            panel=panel,
            stage=Draw.Stage.PANEL,
            seed=result.record["seed"],
            algorithm=f"{result.record['selection']} + {result.record['algorithm']}",
            inputs={
                "respondents_sha256": result.record["respondents_sha256"],
                "respondents_csv_sha256": _sha(respondents_csv(panel)),
                "quotas_csv_sha256": _sha(quotas_csv(panel)),
            },
            record={**result.record, "panel_slug": panel.slug},
            min_probability=min(probabilities.values()),
            max_probability=max(probabilities.values()),
            gini=result.record["distribution"]["gini"],
            created_by=actor,
        )
        audit(
            actor,
            "lotteries.stage2_drawn",
            panel,
            changes={
                "seed": draw.seed,
                "selected": len(selected),
                "min_probability": draw.min_probability,
            },
        )
    return draw


def mark_dropped_out(invitation: Invitation, actor) -> Invitation:
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.in_panel:
            raise LotteryError(_("Alleen iemand die in het panel zit, kan zich afmelden."))
        invitation.status = Invitation.Status.DROPPED_OUT
        invitation.save(update_fields=["status"])
        audit(
            actor, "lotteries.dropped_out", invitation, changes={"person_id": invitation.person_id}
        )
    return invitation


def unreplaced_dropouts(panel: Panel) -> list[str]:
    replaced = set()
    for draw in panel.draws.filter(stage=Draw.Stage.REPLACEMENT):
        replaced.update(draw.record.get("replaces", []))
    dropped = panel.invitations.filter(status=Invitation.Status.DROPPED_OUT)
    return sorted(set(dropped.values_list("person_id", flat=True)) - replaced)


def draw_replacements(panel: Panel, seed: str, actor) -> Draw:
    """Draws one replacement per person who dropped out, so the panel stays within the quotas.

    The remaining members stay; the engine draws the replacements LEXIMIN-fair from the other
    respondents within the quotas that are still open. Earlier drop-outs are not candidates.
    """
    with transaction.atomic():
        panel = Panel.objects.select_for_update().get(pk=panel.pk)
        if not panel.draws.filter(stage=Draw.Stage.PANEL).exists():
            raise LotteryError(_("Loot eerst het panel."))
        dropped = unreplaced_dropouts(panel)
        if not dropped:
            raise LotteryError(_("Er is niemand afgemeld die nog een vervanger nodig heeft."))
        current = list(
            panel.invitations.filter(
                status__in=[Invitation.Status.SELECTED, Invitation.Status.REPLACEMENT]
            ).values_list("person_id", flat=True)
        )
        gone = set(
            panel.invitations.filter(status=Invitation.Status.DROPPED_OUT).values_list(
                "person_id", flat=True
            )
        ) - set(dropped)
        pool = [r for r in respondents(panel) if r.id not in gone]
        try:
            chosen, record = draw_replacements_record(
                pool, engine_quotas(panel), current + dropped, dropped, seed
            )
        except InfeasibleQuotasError as exc:
            raise LotteryError(
                _("Er is geen vervanger te vinden die binnen de quota past. Er is niets geloot."),
                *relaxation_messages(exc.relaxations),
            ) from exc
        except SortitionInputError as exc:
            raise LotteryError(_("De loting kon niet: %(reason)s") % {"reason": exc}) from exc
        panel.invitations.filter(person_id__in=chosen).update(status=Invitation.Status.REPLACEMENT)
        probabilities = record["distribution"]["probabilities"]
        draw = Draw.objects.create(
            panel=panel,
            stage=Draw.Stage.REPLACEMENT,
            seed=record["seed"],
            algorithm=f"{record['selection']} + {record['algorithm']}",
            inputs={"respondents_sha256": record["respondents_sha256"]},
            record={**record, "panel_slug": panel.slug},
            min_probability=min(probabilities.values()),
            max_probability=max(probabilities.values()),
            gini=record["distribution"]["gini"],
            created_by=actor,
        )
        audit(
            actor,
            "lotteries.replacements_drawn",
            panel,
            changes={"seed": draw.seed, "dropped": dropped, "replacements": list(chosen)},
        )
    return draw


# --- results and outcome -----------------------------------------------------------------------


def send_results(panel: Panel, actor) -> int:
    """E-mails every respondent with an e-mail address whether they were drawn.

    Each person gets one e-mail per outcome: a respondent who was not drawn at first and is
    drawn as a replacement later gets a second e-mail when the result is sent again.
    """
    sent = 0
    with transaction.atomic():
        panel = Panel.objects.select_for_update().get(pk=panel.pk)
        if not panel.draws.filter(stage=Draw.Stage.PANEL).exists():
            raise LotteryError(_("Loot eerst het panel. Daarna kunt u de uitslag sturen."))
        waiting = (
            panel.invitations.exclude(email="")
            .exclude(result_sent_for=F("status"))
            .filter(
                status__in=[
                    Invitation.Status.REGISTERED,
                    Invitation.Status.SELECTED,
                    Invitation.Status.REPLACEMENT,
                ],
            )
        )
        for invitation in waiting:
            subject, body = _result_message(panel, invitation)
            send_mail(subject, body, None, [invitation.email])
            invitation.result_sent_at = timezone.now()
            invitation.result_sent_for = invitation.status
            invitation.save(update_fields=["result_sent_at", "result_sent_for"])
            sent += 1
        audit(actor, "lotteries.results_sent", panel, changes={"emails": sent})
    return sent


def _result_message(panel: Panel, invitation: Invitation) -> tuple[str, str]:
    greeting = (
        _("Beste %(name)s,") % {"name": invitation.first_name}
        if invitation.first_name
        else _("Beste inwoner,")
    )
    if invitation.in_panel and invitation.result_sent_for:
        subject = _("U bent alsnog geloot voor %(title)s") % {"title": panel.title}
        text = _(
            "Iemand uit het panel kan niet meedoen. Daarom is er opnieuw geloot, en nu bent u "
            "geloot! U doet mee aan %(title)s. De eerste bijeenkomst is op %(date)s in "
            "%(place)s. U krijgt een vergoeding: %(allowance)s. Kunt u toch niet? Bel ons op "
            "%(phone)s."
        )
    elif invitation.in_panel:
        subject = _("U bent geloot voor %(title)s") % {"title": panel.title}
        text = _(
            "U bent geloot! U doet mee aan %(title)s. De eerste bijeenkomst is op %(date)s in "
            "%(place)s. U krijgt een vergoeding: %(allowance)s. Kunt u toch niet? Bel ons op "
            "%(phone)s. Dan loten wij iemand anders."
        )
    else:
        subject = _("Uitslag van de loting voor %(title)s") % {"title": panel.title}
        text = _(
            "Bedankt voor uw aanmelding. U bent deze keer niet geloot. Op de website leest u "
            "hoe de loting ging en wat het panel adviseert. Vragen? Bel %(phone)s."
        )
    values = {
        "title": panel.title,
        "date": panel.starts_on.strftime("%d-%m-%Y")
        if panel.starts_on
        else _("een datum die wij nog laten weten"),
        "place": panel.place or _("Deventer"),
        "allowance": panel.allowance or _("wij laten u weten hoeveel"),
        "phone": panel.help_phone,
    }
    body = "\n\n".join([greeting, text % values, _("Met vriendelijke groet,\nGemeente Deventer")])
    return subject, body


def save_outcome(panel: Panel, *, text: str, pdf, is_public: bool, actor) -> Panel:
    with transaction.atomic():
        panel = Panel.objects.select_for_update().get(pk=panel.pk)
        panel.outcome_text = text
        panel.is_public = is_public
        if pdf is not None:
            panel.outcome_pdf.save(f"{panel.slug}-uitkomst.pdf", pdf, save=False)
        panel.save()
        audit(
            actor,
            "lotteries.outcome_saved",
            panel,
            changes={"is_public": is_public, "pdf": bool(pdf), "text_length": len(text)},
        )
    return panel


def record_json(draw: Draw) -> str:
    return json.dumps(draw.record, indent=2, ensure_ascii=False, sort_keys=True)


# --- share register -------------------------------------------------------------------------


def import_share_register(file_name: str, data: bytes, reference_date, actor) -> ShareRegister:
    """Replaces the share register: everyone in the file who is 16+ in the reference year.

    Only pseudonymous id, birth year and district are kept; addresses and sex are dropped.
    """
    parsed = parse_population(data)
    if parsed.errors:
        raise LotteryError(*parsed.errors)
    adults = [row for row in parsed.rows if reference_date.year - row.birth_year >= 16]
    with transaction.atomic():
        ShareRegister.objects.all().delete()
        register_ = ShareRegister.objects.create(
            reference_date=reference_date,
            sha256=parsed.sha256,
            holders_count=len(adults),
            skipped_under_age=len(parsed.rows) - len(adults),
            uploaded_by=actor,
        )
        ShareHolder.objects.bulk_create(
            (
                ShareHolder(
                    register=register_,
                    person_id=row.person_id,
                    birth_year=row.birth_year,
                    district=row.district,
                )
                for row in adults
            ),
            batch_size=2000,
        )
        audit(
            actor,
            "lotteries.share_register_loaded",
            register_,
            changes={"holders": len(adults), "file": file_name[:200], "sha256": parsed.sha256},
        )
    return register_


# --- retention ------------------------------------------------------------------------------

RETENTION_DAYS = 92  # about three months after the last meeting (privacy statement)


def purge_finished_panels(today=None) -> int:
    """Clears address, first name and contact details of panels that ended 3+ months ago.

    The pseudonymous id, status and self-reported answers stay: the published draw and the
    dividend vouchers of co-owners refer to them.
    """
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=RETENTION_DAYS)
    cleared = 0
    for panel in Panel.objects.filter(ends_on__lt=cutoff) | Panel.objects.filter(
        ends_on=None, starts_on__lt=cutoff
    ):
        with transaction.atomic():
            personal = panel.invitations.exclude(address="", first_name="", email="", phone="")
            count = personal.update(address="", first_name="", email="", phone="")
            if count:
                audit(None, "lotteries.personal_data_purged", panel, changes={"invitations": count})
            cleared += count
    return cleared
