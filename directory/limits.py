"""How often one client address may do something (send a report, make or check a referral),
counted in the cache under a digest of the address: no address is written down."""

import hashlib

from django.core.cache import cache


class Allowance:
    def __init__(self, request, kind, limit, seconds):
        address = request.META.get("REMOTE_ADDR", "")
        self.key = f"{kind}:{hashlib.sha256(address.encode()).hexdigest()}"
        self.limit, self.seconds = limit, seconds
        self.used = cache.get(self.key, 0)

    @property
    def spent(self):
        return self.used >= self.limit

    def use(self):
        self.used += 1
        cache.set(self.key, self.used, self.seconds)

    def refuse(self, form, message):
        """Show `message` above `form` (its field errors too) and give the status to answer with."""
        form.is_valid()
        form.add_error(None, message)
        return 429
