"""Training (/training/): read a case or interview it with the field's questionnaire, pick
referrals at the case's moment, and get feedback in plain words against a key in three tiers."""

import csv
from collections import Counter, defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Prefetch, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from directory.models import Language, Municipality
from directory.resources import neutralise_formula
from referral.models import Attempt, Cohort, Difficulty, Scenario, topic
from referral.questionnaire.forms import QuestionForm
from referral.questionnaire.presenting import answer_label
from referral.questions import QUESTIONS
from referral.training import schedule
from referral.training.cases import (
    DANGER,
    answer_of,
    at_night,
    case_moment,
    check_keys,
    moment_label,
    questionnaire_minimum,
    suggested_at,
)
from referral.training.forms import PickForm
from referral.training.scoring import fact_differences, score
from referral.triage.build import load_programmes
from referral.triage.cache import load_catalogue

SESSION_KEY = "training"
READ, INTERVIEW = "read", "interview"


def _staff(user):
    return user.is_authenticated and user.is_staff


def _cases():
    """Every case, its key checked against the rules of this catalogue version today."""
    check_keys(load_catalogue())
    easy_first = Case(*[When(difficulty=d, then=n) for n, d in enumerate(Difficulty.values)])
    return Scenario.objects.order_by(easy_first, "slug")


def _playable(request, slug):
    """The case, unless the key check hid it (staff may still open it to review it)."""
    scenario = get_object_or_404(_cases(), slug=slug)
    if scenario.flagged and not _staff(request.user):
        raise Http404("This case is being reviewed")
    return scenario


def _question_forms(data=None):
    municipalities = [(m.slug, m.name) for m in Municipality.objects.all()] + [("abroad", _("Abroad"))]
    languages = [(lang.code, lang.name) for lang in Language.objects.all()]
    special = {"municipality": municipalities, "languages": languages}
    return [
        QuestionForm(data, prefix=key, question=q, choices=special.get(key, list(q.options)), optional=True)
        for key, q in QUESTIONS.items()
    ]


def training_list(request):
    scenarios = [s for s in _cases() if not s.flagged]
    best, assigned, due = {}, [], []
    if request.user.is_authenticated:
        best = _best(request.user.attempts.all())
        assigned_ids = set(
            Scenario.objects.filter(cohorts__members=request.user, flagged={}).values_list("pk", flat=True)
        )
        assigned = [s for s in scenarios if s.pk in assigned_ids]
        due = _due(request.user, scenarios, best)
    rows = [(s, best.get(s.pk), moment_label(s), at_night(s)) for s in scenarios]
    return render(request, "training/list.html", {"rows": rows, "assigned": assigned, "due": due})


def _best(attempts):
    """{scenario id: the best score of these attempts}."""
    best = {}
    for attempt in attempts:
        best[attempt.scenario_id] = max(best.get(attempt.scenario_id, 0), attempt.score)
    return best


def _due(user, scenarios, best):
    """The topics due again, each with the case to try: one with the topic not yet passed."""
    found = []
    for review in schedule.due_topics(user, timezone.localdate()):
        cases = [s for s in scenarios if review.topic in (s.tags or [])]
        if cases:
            case = min(cases, key=lambda s: (best.get(s.pk, -1) == 1, best.get(s.pk, -1), s.slug))
            found.append({"topic": topic(review.topic), "box": review.box, "case": case})
    return found


@never_cache
def scenario_facts(request, slug):
    """Read the case and answer the questions from the story (blank means "don't know")."""
    scenario = _playable(request, slug)
    forms = _question_forms(request.POST if request.method == "POST" else None)
    if request.method == "POST" and all(form.is_valid() for form in forms):
        facts = {form.question.key: form.fact_value() for form in forms}
        request.sealed[SESSION_KEY] = {
            "slug": slug,
            "mode": READ,
            "facts": {k: v for k, v in facts.items() if v is not None},
        }
        return redirect("referral:training-refer", slug=slug)
    status = 400 if request.method == "POST" else 200
    context = {"scenario": scenario, "forms": forms, "moment": moment_label(scenario)}
    return render(request, "training/facts.html", context, status=status)


def _shown_answer(key, value):
    return _("I don’t know.") if value is None else answer_label(key, value)


@never_cache
def interview(request, slug):
    """Interview the case with the field's questions: the case answers from its facts ("I don't
    know" where the story is silent); the trainee decides what to ask and when to stop."""
    scenario = _playable(request, slug)
    state = request.sealed.get(SESSION_KEY) or {}
    if state.get("slug") != slug or state.get("mode") != INTERVIEW or "facts" not in state:
        state = {"slug": slug, "mode": INTERVIEW, "facts": {}, "asked": []}
    if request.method == "POST":
        key = request.POST.get("ask", "")
        if "finish" in request.POST:
            if not state["asked"]:
                messages.error(request, _("Ask at least one question before you choose where to refer."))
                return redirect("referral:training-interview", slug=slug)
            request.sealed[SESSION_KEY] = state
            return redirect("referral:training-refer", slug=slug)
        if key not in QUESTIONS:
            messages.error(request, _("Choose a question to ask."))
            return redirect("referral:training-interview", slug=slug)
        if key not in state["asked"]:
            state["asked"].append(key)
            value = answer_of(scenario.facts, key)
            if value is not None:
                state["facts"][key] = value
        request.sealed[SESSION_KEY] = state
        return redirect(f"{request.path}#answer-{len(state['asked'])}")
    transcript = [
        (QUESTIONS[key].title, _shown_answer(key, state["facts"].get(key)))
        for key in state["asked"]
        if key in QUESTIONS
    ]
    remaining = [q for key, q in QUESTIONS.items() if key not in state["asked"]]
    context = {"scenario": scenario, "moment": moment_label(scenario), "transcript": transcript, "remaining": remaining}
    return render(request, "training/interview.html", context)


@never_cache
def scenario_refer(request, slug):
    """The rules' suggestions for the trainee's facts at the case's moment; the trainee picks."""
    scenario = _playable(request, slug)
    state = request.sealed.get(SESSION_KEY) or {}
    if state.get("slug") != slug or "facts" not in state:
        return redirect("referral:training-scenario", slug=slug)
    catalogue = load_catalogue()
    programmes = load_programmes()
    at = case_moment(scenario)
    trainee, _outcome = suggested_at(catalogue, state["facts"], at)
    form = PickForm(
        request.POST if request.method == "POST" else None,
        programmes=sorted(programmes, key=lambda p: str(p.name)),
    )
    if request.method == "POST" and form.is_valid():
        feedback = _feedback(scenario, state, form.cleaned_data["picked"], catalogue, programmes, at)
        if request.user.is_authenticated:
            _record(request.user, scenario, state, form.cleaned_data["picked"], feedback)
        request.sealed.pop(SESSION_KEY, None)
        return render(request, "training/feedback.html", {"scenario": scenario, **feedback})
    by_slug = {p.slug: p for p in programmes}
    suggested = [by_slug[slug] for slug in sorted(trainee, key=lambda s: str(by_slug[s].name)) if slug in by_slug]
    status = 400 if request.method == "POST" else 200
    context = {"scenario": scenario, "form": form, "suggested": suggested, "moment": moment_label(scenario)}
    return render(request, "training/refer.html", context, status=status)


def _interview_points(scenario, state, catalogue):
    asked = state.get("asked")
    if state.get("mode") != INTERVIEW or not asked:
        return None
    minimum = questionnaire_minimum(catalogue, scenario.facts)
    return {"asked": len(asked), "minimum": minimum, "danger_first": asked[0] == DANGER}


def _feedback(scenario, state, picked, catalogue, programmes, at):
    by_slug = {p.slug: p for p in programmes}
    result = score(
        picked=picked, key=scenario.key, also_right=scenario.also_right, wrong=scenario.wrong, facts=scenario.facts
    )
    _suggested, expert = suggested_at(catalogue, scenario.facts, at)
    outcome = {r["programme"]: r for r in expert.ranked()}

    def reasons(slug, met):
        """Why it fits (the facts met), or the rule it breaks, in the rule's own words."""
        found = outcome.get(slug, {}).get("reasons", [])
        return [r["text"] if met else r.get("requirement") or r["text"] for r in found if r["met"] is met]

    def named(slugs, met):
        return [(by_slug[s], reasons(s, met)) for s in slugs if s in by_slug]

    reachable = [by_slug[s] for s in expert.open_now(len(by_slug)) if s in by_slug]
    return {
        "score": result,
        "summary": _summary(result),
        "misses": named(result.missed, True),
        "wrong": named(result.wrong, False),
        "other": named(result.other, True),
        "also_right": [by_slug[s] for s in result.also_right if s in by_slug],
        "reachable": reachable,
        "moment": moment_label(scenario),
        "interview": _interview_points(scenario, state, catalogue),
        "fact_errors": [
            (
                QUESTIONS[key].short,
                _shown_answer(key, mine) if mine is not None else None,
                _shown_answer(key, theirs) if theirs is not None else None,
            )
            for key, mine, theirs in fact_differences(state["facts"], scenario.facts)
            if key in QUESTIONS and (state.get("mode") != INTERVIEW or key in state.get("asked", ()))
        ],
    }


def _summary(result):
    """The feedback's first sentences, in plain words."""
    found, required = len(result.found), len(result.required)
    lines = [
        ngettext(
            "You found %(found)d of the %(required)d service the person needs.",
            "You found %(found)d of the %(required)d services the person needs.",
            required,
        )
        % {"found": found, "required": required}
    ]
    if result.wrong:
        lines.append(
            ngettext(
                "One choice would have sent the person somewhere they cannot use.",
                "%(count)d choices would have sent the person somewhere they cannot use.",
                len(result.wrong),
            )
            % {"count": len(result.wrong)}
        )
    if result.passed:
        lines.append(_("Well done: every referral the person needs, and no wrong one."))
    return lines


def _record(user, scenario, state, picked, feedback):
    result, points = feedback["score"], feedback["interview"] or {}
    Attempt.objects.create(
        user=user,
        scenario=scenario,
        facts=state["facts"],
        picked=sorted(picked),
        missed=result.missed,
        precision=result.precision,
        recall=result.recall,
        critical_misses=result.critical_misses,
        required=len(result.required),
        found=len(result.found),
        wrong_picks=result.wrong,
        questions=points.get("asked"),
        minimum=points.get("minimum"),
        danger_first=points.get("danger_first"),
    )
    schedule.record(user, scenario.tags or [], result.passed, timezone.localdate())


@login_required
def progress(request):
    attempts = request.user.attempts.select_related("scenario").order_by("created_at")
    per_tag = defaultdict(list)
    for attempt in attempts:
        for tag in attempt.scenario.tags or ["untagged"]:
            per_tag[tag].append(attempt)
    tags = [
        {"tag": topic(tag), "attempts": rows, "mean": sum(a.score for a in rows) / len(rows)}
        for tag, rows in sorted(per_tag.items(), key=lambda item: str(topic(item[0])))
    ]
    scenarios = [s for s in _cases() if not s.flagged]
    best = _best(attempts)
    upcoming = [(topic(r.topic), r) for r in request.user.reviews.order_by("due", "topic")]
    context = {"attempts": attempts, "tags": tags, "due": _due(request.user, scenarios, best), "upcoming": upcoming}
    return render(request, "training/progress.html", context)


def cohort_rows(attempts=None):
    """Per case: attempts, mean score, and the most common misses."""
    by_scenario = defaultdict(list)
    for attempt in attempts if attempts is not None else Attempt.objects.select_related("scenario"):
        by_scenario[attempt.scenario_id].append(attempt)
    rows = []
    for scenario in Scenario.objects.order_by("slug"):
        found = by_scenario.get(scenario.pk, [])
        n = len(found)
        misses = Counter(slug for a in found for slug in a.missed)
        rows.append(
            {
                "scenario": scenario,
                "attempts": n,
                "score": sum(a.score for a in found) / n if n else None,
                "common_misses": misses.most_common(3),
            }
        )
    return rows


def topic_rows(attempts):
    """Per topic: trainees, attempts, mean score and the share passed."""
    per_tag = defaultdict(list)
    for attempt in attempts:
        for tag in attempt.scenario.tags or ["untagged"]:
            per_tag[tag].append(attempt)
    return [
        {
            "topic": topic(tag),
            "trainees": len({a.user_id for a in rows}),
            "attempts": len(rows),
            "score": sum(a.score for a in rows) / len(rows),
            "passed": sum(a.score == 1 for a in rows) / len(rows),
        }
        for tag, rows in sorted(per_tag.items(), key=lambda item: str(topic(item[0])))
    ]


def staff_only(view):
    """Anonymous: sign in first; signed in but not staff: 403."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@staff_only
def cohort(request):
    cases = _cases()
    cohorts = []
    for group in Cohort.objects.prefetch_related("members", Prefetch("cases", Scenario.objects.order_by("slug"))):
        attempts = Attempt.objects.filter(user__in=group.members.all()).select_related("scenario")
        cohorts.append({"cohort": group, "topics": topic_rows(attempts)})
    context = {
        "rows": cohort_rows(),
        "cohorts": cohorts,
        "flagged": [s for s in cases if s.flagged],
    }
    return render(request, "training/cohort.html", context)


@staff_only
@require_POST
def accept_key(request, slug):
    """Staff keep a flagged key as it is: this disagreement with the rules is deliberate."""
    scenario = get_object_or_404(Scenario, slug=slug)
    if scenario.flagged:
        scenario.accepted, scenario.flagged = scenario.flagged, {}
        scenario.save(update_fields=["accepted", "flagged"])
        messages.success(request, _("The key of “%(case)s” is kept; trainees see the case again.") % {"case": scenario})
    return redirect("referral:training-cohort")


@staff_only
def cohort_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kazipot-cohort.csv"'
    writer = csv.writer(response)
    writer.writerow(["scenario", "attempts", "mean_score", "most_common_misses"])
    for row in cohort_rows():
        writer.writerow(
            [
                neutralise_formula(row["scenario"].slug),
                row["attempts"],
                f"{row['score']:.3f}" if row["score"] is not None else "",
                neutralise_formula("; ".join(f"{slug} ({count})" for slug, count in row["common_misses"])),
            ]
        )
    return response
