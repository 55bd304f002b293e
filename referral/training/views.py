"""Training (/training/): read a case, answer the questions, pick referrals, get feedback."""

import csv
from collections import Counter, defaultdict

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from directory.models import Language, Municipality
from directory.resources import neutralise_formula
from referral.models import Attempt, Difficulty, Scenario, topic
from referral.questionnaire.forms import QuestionForm
from referral.questionnaire.presenting import answer_label
from referral.questions import QUESTIONS
from referral.training.forms import PickForm
from referral.training.scoring import f1, fact_differences, score
from referral.triage.build import load_programmes
from referral.triage.cache import load_catalogue

SESSION_KEY = "training"


def _question_forms(data=None):
    municipalities = [(m.slug, m.name) for m in Municipality.objects.all()] + [("abroad", "abroad")]
    languages = [(lang.code, lang.name) for lang in Language.objects.all()]
    special = {"municipality": municipalities, "languages": languages}
    return [
        QuestionForm(data, prefix=key, question=q, choices=special.get(key, list(q.options)), optional=True)
        for key, q in QUESTIONS.items()
    ]


def training_list(request):
    easy_first = Case(*[When(difficulty=d, then=n) for n, d in enumerate(Difficulty.values)])
    scenarios = Scenario.objects.order_by(easy_first, "slug")
    best = {}
    if request.user.is_authenticated:
        for attempt in request.user.attempts.all():
            best[attempt.scenario_id] = max(best.get(attempt.scenario_id, 0), attempt.score)
    rows = [(s, best.get(s.pk)) for s in scenarios]
    return render(request, "training/list.html", {"rows": rows})


@never_cache
def scenario_facts(request, slug):
    """Step 1: the story and every question on one page (blank means "don't know")."""
    scenario = get_object_or_404(Scenario, slug=slug)
    forms = _question_forms(request.POST if request.method == "POST" else None)
    if request.method == "POST" and all(form.is_valid() for form in forms):
        facts = {form.question.key: form.fact_value() for form in forms}
        request.sealed[SESSION_KEY] = {
            "slug": slug,
            "facts": {k: v for k, v in facts.items() if v is not None},
        }
        return redirect("referral:training-refer", slug=slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "training/facts.html", {"scenario": scenario, "forms": forms}, status=status)


@never_cache
def scenario_refer(request, slug):
    """Step 2: the engine's suggestions for the trainee's facts; the trainee picks referrals."""
    scenario = get_object_or_404(Scenario, slug=slug)
    state = request.sealed.get(SESSION_KEY) or {}
    if state.get("slug") != slug:
        return redirect("referral:training-scenario", slug=slug)
    programmes = load_programmes()
    catalogue = load_catalogue()  # the field's own ranking, through the index
    trainee = catalogue.outcome(state["facts"]).ranked()
    by_slug = {p.slug: p for p in programmes}
    form = PickForm(
        request.POST if request.method == "POST" else None,
        programmes=sorted(programmes, key=lambda p: str(p.name)),
    )
    if request.method == "POST" and form.is_valid():
        expert = catalogue.outcome(scenario.facts).ranked()
        feedback = _feedback(scenario, state["facts"], form.cleaned_data["picked"], expert, by_slug)
        if request.user.is_authenticated:
            result = feedback["score"]
            Attempt.objects.create(
                user=request.user,
                scenario=scenario,
                facts=state["facts"],
                picked=sorted(form.cleaned_data["picked"]),
                missed=result.missed,
                precision=result.precision,
                recall=result.recall,
                critical_misses=result.critical_misses,
            )
        request.sealed.pop(SESSION_KEY, None)
        return render(request, "training/feedback.html", {"scenario": scenario, **feedback})
    suggested = [by_slug[r["programme"]] for r in trainee if r["status"] in ("eligible", "possible")]
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "training/refer.html",
        {"scenario": scenario, "form": form, "suggested": suggested},
        status=status,
    )


def _feedback(scenario, facts, picked, expert, by_slug):
    result = score(picked=picked, key=scenario.key, facts=scenario.facts)
    outcome = {r["programme"]: r for r in expert}

    def reasons(slug, met):
        found = outcome.get(slug, {}).get("reasons", [])
        return [r["text"] for r in found if r["met"] is met]

    return {
        "score": result,
        "misses": [(by_slug[s], reasons(s, True)) for s in result.missed if s in by_slug],
        "wrong": [(by_slug[s], reasons(s, False), s in scenario.wrong) for s in result.wrong_picks if s in by_slug],
        "fact_errors": [
            (
                QUESTIONS[key].short,
                answer_label(key, mine) if mine is not None else None,
                answer_label(key, theirs) if theirs is not None else None,
            )
            for key, mine, theirs in fact_differences(facts, scenario.facts)
        ],
    }


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
    return render(request, "training/progress.html", {"attempts": attempts, "tags": tags})


def cohort_rows():
    """Per scenario: attempts, mean precision, recall and score, and the most common misses."""
    by_scenario = defaultdict(list)
    for attempt in Attempt.objects.select_related("scenario"):
        by_scenario[attempt.scenario].append(attempt)
    rows = []
    for scenario in Scenario.objects.order_by("slug"):
        attempts = by_scenario.get(scenario, [])
        n = len(attempts)
        misses = Counter(slug for a in attempts for slug in a.missed)
        rows.append(
            {
                "scenario": scenario,
                "attempts": n,
                "precision": sum(a.precision for a in attempts) / n if n else None,
                "recall": sum(a.recall for a in attempts) / n if n else None,
                "score": sum(f1(a.precision, a.recall) for a in attempts) / n if n else None,
                "common_misses": misses.most_common(3),
            }
        )
    return rows


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
    return render(request, "training/cohort.html", {"rows": cohort_rows()})


@staff_only
def cohort_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kazipot-cohort.csv"'
    writer = csv.writer(response)
    writer.writerow(["scenario", "attempts", "mean_precision", "mean_recall", "mean_score", "most_common_misses"])
    for row in cohort_rows():
        writer.writerow(
            [
                neutralise_formula(row["scenario"].slug),
                row["attempts"],
                *(f"{row[k]:.3f}" if row[k] is not None else "" for k in ("precision", "recall", "score")),
                neutralise_formula("; ".join(f"{slug} ({count})" for slug, count in row["common_misses"])),
            ]
        )
    return response
