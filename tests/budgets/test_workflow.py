"""The initiative status machine: who may move it where, in which phase, and what is recorded."""

import pytest
from django.core import mail

from meedoen.audit.models import AuditEvent
from meedoen.budgets import services
from meedoen.budgets.models import BudgetRound, Initiative, ResidentGroup, Review, StatusChange
from meedoen.budgets.selectors import initiatives_on_ballot
from meedoen.budgets.services import WorkflowError
from tests.budgets.helpers import make_group, make_initiative, make_round
from tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db
Phase = BudgetRound.Phase
Status = Initiative.Status

REVIEW = dict(
    feasible=True,
    feasibility_note="",
    cost_check=Review.CostCheck.REALISTIC,
    advice="Goed plan.",
)


@pytest.fixture
def wijkmanager(make_staff):
    return make_staff("wijkmanager", ["06"])


def test_group_submits_draft_in_ideas_phase_and_timeline_records_it():
    group = make_group()
    initiative = make_initiative(make_round(Phase.IDEAS), group)
    services.submit(initiative, group.members_for_test[0])
    initiative.refresh_from_db()
    assert initiative.status == Status.SUBMITTED
    step = initiative.status_changes.last()
    assert (step.from_status, step.to_status) == (Status.DRAFT, Status.SUBMITTED)
    assert step.actor is None and step.actor_label == "bewonersgroep"


@pytest.mark.parametrize("phase", [Phase.DRAFT, Phase.REVIEW, Phase.VOTING, Phase.EXECUTION])
def test_first_submission_is_refused_outside_ideas_phase(phase):
    group = make_group()
    initiative = make_initiative(make_round(phase), group)
    with pytest.raises(WorkflowError):
        services.submit(initiative, group.members_for_test[0])
    initiative.refresh_from_db()
    assert initiative.status == Status.DRAFT


def test_submission_without_budget_lines_is_refused():
    group = make_group()
    initiative = make_initiative(make_round(), group, cost=())
    with pytest.raises(WorkflowError, match="kostenpost"):
        services.submit(initiative, group.members_for_test[0])


def test_review_is_only_possible_in_review_phase(wijkmanager):
    initiative = make_initiative(make_round(Phase.IDEAS), make_group(), status=Status.SUBMITTED)
    with pytest.raises(WorkflowError, match="beoordeling"):
        services.review(initiative, wijkmanager, outcome=Review.Outcome.PASS, **REVIEW)


def test_change_request_then_resubmission_in_review_phase(wijkmanager):
    group = make_group()
    initiative = make_initiative(make_round(Phase.REVIEW), group, status=Status.SUBMITTED)
    services.review(
        initiative,
        wijkmanager,
        outcome=Review.Outcome.CHANGES,
        message_to_group="Maak de begroting preciezer.",
        **REVIEW,
    )
    initiative.refresh_from_db()
    assert initiative.status == Status.CHANGES_REQUESTED
    assert initiative.status_changes.last().note == "Maak de begroting preciezer."
    assert initiative.status_changes.last().actor_label == "wijkmanager"
    services.submit(initiative, group.members_for_test[0])
    initiative.refresh_from_db()
    assert initiative.status == Status.SUBMITTED


def test_change_request_mails_every_member_after_commit(
    wijkmanager, django_capture_on_commit_callbacks
):
    group = make_group(members=2)
    initiative = make_initiative(make_round(Phase.REVIEW), group, status=Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.review(
            initiative,
            wijkmanager,
            outcome=Review.Outcome.CHANGES,
            message_to_group="Graag een offerte.",
            **REVIEW,
        )
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([u.email for u in group.members_for_test] + ["contact@example.org"])
    assert "Graag een offerte." in mail.outbox[0].body


def test_rejection_needs_a_reason_and_the_group_sees_it(client, wijkmanager):
    group = make_group()
    initiative = make_initiative(make_round(Phase.REVIEW), group, status=Status.SUBMITTED)
    with pytest.raises(WorkflowError):
        services.review(initiative, wijkmanager, outcome=Review.Outcome.REJECT, **REVIEW)
    services.review(
        initiative,
        wijkmanager,
        outcome=Review.Outcome.REJECT,
        message_to_group="Dit valt buiten het budget van de wijk.",
        **REVIEW,
    )
    client.force_login(group.members_for_test[0])
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "Afgewezen" in page and "Dit valt buiten het budget van de wijk." in page


def test_pass_goes_to_alderman_when_round_requires_it(wijkmanager, make_staff):
    initiative = make_initiative(make_round(Phase.REVIEW), make_group(), status=Status.SUBMITTED)
    services.review(initiative, wijkmanager, outcome=Review.Outcome.PASS, **REVIEW)
    initiative.refresh_from_db()
    assert initiative.status == Status.REVIEWED
    assert not initiatives_on_ballot(initiative.round).exists()
    alderman = make_staff("wijkwethouder", ["06"])
    services.alderman_decision(initiative, alderman, approve=True, note="")
    initiative.refresh_from_db()
    assert initiative.status == Status.APPROVED
    assert list(initiatives_on_ballot(initiative.round)) == [initiative]
    labels = [s.actor_label for s in initiative.status_changes.all()]
    assert labels[-2:] == ["wijkmanager", "wijkwethouder"]
    assert AuditEvent.objects.filter(action="budgets.initiative_approved").exists()


def test_pass_is_approved_directly_without_alderman_step(wijkmanager):
    budget_round = make_round(Phase.REVIEW, requires_alderman_approval=False)
    initiative = make_initiative(budget_round, make_group(), status=Status.SUBMITTED)
    services.review(initiative, wijkmanager, outcome=Review.Outcome.PASS, **REVIEW)
    initiative.refresh_from_db()
    assert initiative.status == Status.APPROVED


def test_alderman_cannot_decide_before_review(make_staff):
    initiative = make_initiative(make_round(Phase.REVIEW), make_group(), status=Status.SUBMITTED)
    with pytest.raises(WorkflowError):
        services.alderman_decision(
            initiative, make_staff("wijkwethouder", ["06"]), approve=True, note=""
        )


def test_submitted_initiative_cannot_be_edited():
    initiative = make_initiative(make_round(), make_group(), status=Status.SUBMITTED)
    with pytest.raises(WorkflowError):
        services.ensure_editable(initiative)


def test_record_round_outcome_sets_statuses_moves_round_and_mails(
    django_capture_on_commit_callbacks,
):
    budget_round = make_round(Phase.VOTING)
    group = make_group()
    chosen = make_initiative(budget_round, group, status=Status.APPROVED, title="Gekozen")
    other = make_initiative(budget_round, group, status=Status.APPROVED, title="Niet gekozen")
    rejected = make_initiative(budget_round, group, status=Status.REJECTED, title="Afgewezen")
    with django_capture_on_commit_callbacks(execute=True):
        services.record_round_outcome(budget_round, [chosen.pk], None)
    budget_round.refresh_from_db()
    assert budget_round.phase == Phase.RESULTS
    statuses = {i.title: i.status for i in Initiative.objects.all()}
    assert statuses == {
        "Gekozen": Status.SELECTED,
        "Niet gekozen": Status.NOT_SELECTED,
        "Afgewezen": Status.REJECTED,
    }
    assert chosen.status_changes.last().actor_label == "uitslag van de stemming"
    assert {m.subject for m in mail.outbox} == {"Uw plan is gekozen", "Uw plan is niet gekozen"}
    # Still the same ballot after counting, and a repeat call adds nothing to the timeline.
    assert set(initiatives_on_ballot(budget_round)) == {chosen, other}
    steps = StatusChange.objects.count()
    services.record_round_outcome(budget_round, [chosen.pk], None)
    assert StatusChange.objects.count() == steps
    with pytest.raises(ValueError):
        services.record_round_outcome(budget_round, [rejected.pk], None)


def test_execution_steps_need_selected_initiative_in_execution_phase(wijkmanager):
    group = make_group()
    member = group.members_for_test[0]
    waiting = make_initiative(make_round(Phase.RESULTS), group, status=Status.SELECTED)
    with pytest.raises(WorkflowError):
        services.add_progress(waiting, member, text="Begonnen", percent_done=10)
    running = make_initiative(make_round(Phase.EXECUTION), group, status=Status.SELECTED)
    services.add_progress(running, member, text="Begonnen", percent_done=10)
    services.complete(running, member, report="Alles is klaar.")
    running.refresh_from_db()
    assert running.status == Status.COMPLETED and running.final_report == "Alles is klaar."
    with pytest.raises(WorkflowError):
        services.add_progress(running, member, text="Nog meer", percent_done=100)


def test_expense_approval_counts_towards_spending_per_line(wijkmanager):
    from tests.budgets.helpers import make_expense

    initiative = make_initiative(
        make_round(Phase.EXECUTION), make_group(), status=Status.SELECTED, cost=("400", "100")
    )
    first = make_expense(initiative, "150")
    make_expense(initiative, "20")
    services.decide_expense(first, wijkmanager, approve=True, note="")
    with pytest.raises(WorkflowError):
        services.decide_expense(first, wijkmanager, approve=False, note="dubbel")
    row = services.spending_by_line(initiative)[0]
    assert (row["budgeted"], row["approved"], row["waiting"]) == (400, 150, 20)


def test_comments_and_support_only_in_ideas_phase():
    resident = ResidentFactory()
    open_idea = make_initiative(make_round(Phase.IDEAS), make_group(), status=Status.SUBMITTED)
    services.add_comment(open_idea, resident, "Goed idee")
    assert services.support(open_idea, resident) is True
    closed = make_initiative(make_round(Phase.VOTING), make_group(), status=Status.APPROVED)
    with pytest.raises(WorkflowError):
        services.add_comment(closed, resident, "Te laat")
    with pytest.raises(WorkflowError):
        services.support(closed, resident)


def test_second_support_by_the_same_resident_is_not_counted_twice():
    resident = ResidentFactory()
    initiative = make_initiative(make_round(), make_group(), status=Status.SUBMITTED)
    assert services.support(initiative, resident) is True
    assert services.support(initiative, resident) is False
    assert initiative.supports.count() == 1


def test_double_support_post_counts_once(client):
    resident = ResidentFactory()
    initiative = make_initiative(make_round(), make_group(), status=Status.SUBMITTED)
    client.force_login(resident)
    url = f"/budget/plannen/{initiative.pk}/steunen/"
    client.post(url)
    client.post(url)
    assert initiative.supports.count() == 1


def test_hidden_comment_shows_moderator_reason(client, make_staff):
    initiative = make_initiative(make_round(), make_group(), status=Status.SUBMITTED)
    comment = services.add_comment(initiative, ResidentFactory(), "Scheldwoord")
    services.hide_comment(comment, make_staff("moderator"), "Niet netjes")
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "Scheldwoord" not in page
    assert "Verborgen door moderator: Niet netjes" in page


def test_deleted_account_leaves_anonymous_comment_and_removes_support():
    from meedoen.accounts.services import delete_resident_account

    resident = ResidentFactory()
    initiative = make_initiative(make_round(), make_group(), status=Status.SUBMITTED)
    comment = services.add_comment(initiative, resident, "Ik help mee")
    services.support(initiative, resident)
    delete_resident_account(resident)
    comment.refresh_from_db()
    assert comment.author is None and comment.text == "Ik help mee"
    assert initiative.supports.count() == 0


def test_drafts_are_private_to_the_group(client):
    group = make_group()
    draft = make_initiative(make_round(), group)
    client.force_login(ResidentFactory())
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(group.members_for_test[0])
    assert "Moestuin bij de school" in client.get(draft.get_absolute_url()).content.decode()


def test_invitation_is_used_once_and_adds_a_member():
    group = make_group()
    invitation = services.invite(group, group.members_for_test[0])
    newcomer = ResidentFactory()
    services.accept_invitation(invitation.token, newcomer, display_name="Fatma")
    assert group.memberships.filter(user=newcomer, accepted=True, display_name="Fatma").exists()
    with pytest.raises(WorkflowError, match="gebruikt of verlopen"):
        services.accept_invitation(invitation.token, ResidentFactory(), display_name="X")


def test_group_info_request_needs_a_question_and_returns_to_pending_after_edit(wijkmanager):
    group = make_group(status=ResidentGroup.Status.PENDING)
    with pytest.raises(WorkflowError):
        services.decide_group(group, wijkmanager, confirm=False, note=" ")
    services.decide_group(group, wijkmanager, confirm=False, note="Wie doen er mee?")
    group.refresh_from_db()
    assert group.status == ResidentGroup.Status.INFO_REQUESTED
    services.update_group(
        group, group.members_for_test[0], name=group.name, description="Wij zijn met vijf."
    )
    group.refresh_from_db()
    assert group.status == ResidentGroup.Status.PENDING
    services.decide_group(group, wijkmanager, confirm=True, note="")
    assert AuditEvent.objects.filter(action="budgets.group_confirmed").exists()


def test_unconfirmed_group_cannot_start_an_initiative():
    group = make_group(status=ResidentGroup.Status.PENDING)
    with pytest.raises(WorkflowError, match="bevestigd"):
        services.create_initiative(
            make_round(), group, group.members_for_test[0], title="x", summary="x", description="x"
        )
