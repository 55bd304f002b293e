"""The guided questionnaire: one question a page, adaptive, answers only in the browser (sealed)."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from directory.models import Language, Municipality
from referral import engine, loop
from referral import sheet as sheet_lib
from referral.catalogue import load_catalogue
from referral.forms import SKIP, QuestionForm, SheetLanguageForm
from referral.presenting import answer_rows, build_results
from referral.questions import QUESTIONS
from referral.session import TriageSession
from referral.vocabulary import FACTS, LIST


def _choices(question):
    if question.key == "municipality":
        return [(m.slug, m.name) for m in Municipality.objects.all()] + [("abroad", _("Abroad"))]
    if question.key == "languages":
        return [(lang.code, lang.name) for lang in Language.objects.all()]
    return list(question.options)


@never_cache
def start(request):
    state = TriageSession(request.sealed)
    if request.method == "POST":
        state.clear()
        return redirect("referral:question", key="immediate_danger")
    return render(request, "referral/start.html", {"state": state})


@never_cache
def question(request, key):
    if key not in QUESTIONS:
        raise Http404("No such question")
    state = TriageSession(request.sealed)
    q = QUESTIONS[key]
    if request.method == "POST":
        if SKIP in request.POST:
            state.skip(key)
            return _go_on(request, state)
        form = QuestionForm(request.POST, question=q, choices=_choices(q))
        if form.is_valid():
            state.answer(key, form.fact_value())
            return _go_on(request, state)
    else:
        initial = {}
        if key in state.answers:
            initial["answer"] = QuestionForm.initial_for(FACTS[key].kind, state.answers[key])
        form = QuestionForm(initial=initial, question=q, choices=_choices(q))
    previous = state.previous(key)
    back = reverse("referral:question", args=[previous]) if previous else reverse("referral:start")
    return render(
        request,
        "referral/question.html",
        {"form": form, "question": q, "back": back, "is_list": FACTS[key].kind == LIST},
    )


def _go_on(request, state):
    """Ask whatever can still change the outcome; otherwise let them check their answers."""
    key = engine.next_question(state.answers, state.skipped, load_catalogue().next_questions)
    if key is None:
        return redirect("referral:check")
    return redirect("referral:question", key=key)


@never_cache
def check(request):
    state = TriageSession(request.sealed)
    if not state.started:
        return redirect("referral:start")
    asked, not_asked = answer_rows(state)
    return render(request, "referral/check.html", {"rows": asked, "not_asked": not_asked})


@never_cache
def results(request):
    state = TriageSession(request.sealed)
    if not state.started:
        return redirect("referral:start")
    found = build_results(state.answers, referrals=state.referrals)
    outcome = found.pop("outcome")
    if not state.counted:  # the gap report counts a triage once, when it first reaches its results
        loop.count_triage(state.answers, outcome)
        state.mark_counted()
    theirs = sheet_lib.for_spoken(state.answers.get("languages", ()))
    form = SheetLanguageForm(theirs=theirs, initial={"lang": theirs[0].code if theirs else get_language()})
    context = {**found, "form": form, "theirs": theirs}
    return render(request, "referral/results.html", context)


def _in_their_language(template, *, whole_page):
    """The sheet or the person page in the language chosen with ?lang= (the person's own languages
    offered first). The sheet keeps the worker's interface around it; the person page is all in
    the person's language (by default their first one), but for a line to the worker."""

    @never_cache
    def view(request):
        state = TriageSession(request.sealed)
        if not state.started:
            return redirect("referral:start")
        theirs = sheet_lib.for_spoken(state.answers.get("languages", ()))
        interface = get_language()
        default = theirs[0].code if whole_page and theirs else interface
        form = SheetLanguageForm(request.GET or None, theirs=theirs, initial={"lang": default})
        code = form.language(default)
        results = build_results(state.answers, complete=True, referrals=state.referrals)
        paper = sheet_lib.build_sheet(results, code)
        context = {"form": form, "sheet": paper, "text": sheet_lib.as_text(paper), "interface": interface}
        if not whole_page:
            return render(request, template, context)
        with translation.override(code):
            return render(request, template, context)

    return view


sheet = _in_their_language("referral/sheet.html", whole_page=False)
person = _in_their_language("referral/person.html", whole_page=True)


@require_POST
def restart(request):
    TriageSession(request.sealed).clear()
    return redirect("referral:start")
