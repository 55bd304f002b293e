"""Triage answers in the browser's sealed cookie (sealed.py beside this): never in the database, logs or files."""

from referral.vocabulary import InvalidFacts, validate

KEY = "triage"


class TriageSession:
    def __init__(self, sealed):
        self.store = sealed
        state = sealed.get(KEY) or {}
        try:
            self.answers = validate(state.get("answers", {}))
        except InvalidFacts:
            self.answers = {}
        self.skipped = [k for k in state.get("skipped", []) if k not in self.answers]
        self.history = list(state.get("history", []))
        # Referral codes made in this triage ({programme slug: code}, for the sheet) and whether the
        # gap report has counted it: no more than that joins the answers in the cookie.
        referrals = state.get("referrals")
        self.referrals = {str(k): str(v) for k, v in referrals.items()} if isinstance(referrals, dict) else {}
        self.counted = state.get("counted") is True
        # The sheet language chosen when the person's languages are not known (a code, or "").
        self.paper_language = str(state.get("paper_language") or "")[:10]

    def _save(self):
        self.store[KEY] = {
            "answers": self.answers,
            "skipped": self.skipped,
            "history": self.history,
            "referrals": self.referrals,
            "counted": self.counted,
            "paper_language": self.paper_language,
        }

    def remember_paper_language(self, code):
        if code != self.paper_language:
            self.paper_language = code
            self._save()

    def referred(self, slug, code):
        self.referrals[slug] = code
        self._save()

    def mark_counted(self):
        self.counted = True
        self._save()

    def _visit(self, key):
        if key in self.history:
            self.history.remove(key)
        self.history.append(key)

    def answer(self, key, value):
        self.answers[key] = value
        if key in self.skipped:
            self.skipped.remove(key)
        self._visit(key)
        self._save()

    def skip(self, key):
        self.answers.pop(key, None)
        if key not in self.skipped:
            self.skipped.append(key)
        self._visit(key)
        self._save()

    def previous(self, key):
        """The question asked before `key`, for the Back link."""
        if key in self.history:
            index = self.history.index(key)
            return self.history[index - 1] if index else None
        return self.history[-1] if self.history else None

    @property
    def started(self):
        return bool(self.history)

    def clear(self):
        """Forget the answers; a copy of the cookie taken before is refused from now on."""
        self.store.end()
