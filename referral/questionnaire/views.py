"""The guided questionnaire: one question a page, adaptive, answers only in the browser (sealed)."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from directory.models import Contact, ContactKind, Language, Municipality, Programme, ServiceKind, Status
from referral.loop import services as loop
from referral.questionnaire import sheet as sheet_lib
from referral.questionnaire.forms import SKIP, PlanTimeForm, QuestionForm, RoleForm, SheetLanguageForm
from referral.questionnaire.presenting import answer_rows, build_results
from referral.questionnaire.sealed import first_time
from referral.questionnaire.session import TriageSession
from referral.questions import QUESTIONS
from referral.triage import engine
from referral.triage.cache import load_catalogue
from referral.vocabulary import FACTS, LIST, ROLES


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
            if key == "immediate_danger" and state.answers[key] is True:
                return redirect("referral:danger")  # call first; the questions can wait
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


def _next_url(state):
    key = engine.next_question(state.answers, state.skipped, load_catalogue().next_questions)
    return reverse("referral:check") if key is None else reverse("referral:question", args=[key])


def _go_on(request, state):
    """Ask whatever can still change the outcome; otherwise let them check their answers."""
    return redirect(_next_url(state))


@never_cache
def danger(request):
    """In danger now: the emergency numbers to tap at once, then the questions when it is safe."""
    state = TriageSession(request.sealed)
    if not state.started:
        return redirect("referral:start")
    numbers = Programme.objects.filter(kind=ServiceKind.EMERGENCY, status=Status.ACTIVE).prefetch_related(
        Prefetch("contacts", queryset=Contact.objects.filter(kind=ContactKind.PHONE).order_by("position", "pk"))
    )
    return render(request, "referral/danger.html", {"numbers": numbers.order_by("slug"), "next": _next_url(state)})


ROLE_COOKIE = "kazipot_role"
ROLE_SECONDS = 365 * 24 * 3600


def role_of(request):
    """The worker's role remembered on this device, or None."""
    role = request.COOKIES.get(ROLE_COOKIE)
    return role if role in ROLES else None


@require_POST
def set_role(request):
    """Remember (or forget) the worker's role on this device: a preference, not an answer."""
    form = RoleForm(request.POST)
    back = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = reverse("referral:results")
    response = redirect(back)
    if not form.is_valid():
        messages.error(request, form.errors["role"][0])
        return response
    if form.cleaned_data["role"]:
        response.set_cookie(
            ROLE_COOKIE, form.cleaned_data["role"], max_age=ROLE_SECONDS, samesite="Lax",
            secure=request.is_secure(), httponly=True,
        )  # fmt: skip
        messages.success(request, _("Your role is remembered on this device."))
    else:
        response.delete_cookie(ROLE_COOKIE, samesite="Lax")
        messages.success(request, _("Your role is no longer remembered on this device."))
    return response


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
    when = PlanTimeForm(request.GET or None)
    at = when.moment()
    role = role_of(request)
    found = build_results(state.answers, at=at, referrals=state.referrals, role=role)
    outcome = found.pop("outcome")
    if not state.counted and at is None:  # the gap report counts a triage once, at its first results now
        if first_time(request.sealed.id, "counted"):  # on the server: a replayed cookie is not counted again
            loop.count_triage(state.answers, outcome)
        state.mark_counted()
    theirs = sheet_lib.for_spoken(state.answers.get("languages", ()))
    form = SheetLanguageForm(theirs=theirs, initial={"lang": theirs[0].code if theirs else get_language()})
    context = {
        **found,
        "form": form,
        "theirs": theirs,
        "when_form": when,
        "planned_for": timezone.localtime(outcome.opening.when),
        "planning_ahead": at is not None,
        "presets": PlanTimeForm.presets(),
        "role_form": RoleForm(initial={"role": role or "", "next": request.get_full_path()}),
        "role": role,
    }
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
        chosen = state.paper_language if state.paper_language in sheet_lib.LANGUAGES else None
        if not theirs and not chosen and "lang" not in request.GET:
            # The person's languages are not known: ask for the one they read (one question).
            form = SheetLanguageForm(theirs=theirs, initial={"lang": interface})
            return render(request, "referral/paper_language.html", {"form": form, "whole_page": whole_page})
        default = theirs[0].code if whole_page and theirs else chosen or interface
        form = SheetLanguageForm(request.GET or None, theirs=theirs, initial={"lang": default})
        code = form.language(default)
        if not theirs and form.is_valid() and form.cleaned_data["lang"]:
            state.remember_paper_language(code)  # the default from now on, for the sheet and the person page
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
