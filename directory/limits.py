"""How often one client may do something (send a report, make or check a referral): counted in the
shared cache, atomically (add, then incr: Redis and memcached do it in one step; the database cache
in a locked row; the local-memory cache under its lock, for one process), per fixed window, under
a keyed hash (HMAC with the secret key) of the client's address: no address is written down, and
the keys cannot be reversed by hashing every IPv4 address. The client's address is the one the
configured number of trusted proxies saw (KAZIPOT_TRUSTED_PROXIES); IPv6 addresses count per /64."""

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac


def client_address(request):
    """The address of the client: REMOTE_ADDR, or behind N trusted proxies the N-th address from the
    right of X-Forwarded-For (each proxy appends the address it saw; what is left of it the client
    may have written itself)."""
    trusted = settings.KAZIPOT_TRUSTED_PROXIES
    address = request.META.get("REMOTE_ADDR", "")
    if trusted:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= trusted:
            address = forwarded[-trusted]
    return address


def counted_as(address):
    """What is counted: an IPv4 address, an IPv6 /64 (one household or phone has a whole /64)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address) + "/64"
    return str(parsed)


def address_key(request):
    return salted_hmac("kazipot.limits", counted_as(client_address(request))).hexdigest()[:32]


class Allowance:
    def __init__(self, request, kind, limit, seconds):
        window = int(time.time() // seconds)
        self.key = f"limit:{kind}:{address_key(request)}:{window}"
        self.limit, self.seconds = limit, seconds
        self.used = cache.get(self.key, 0)

    @property
    def spent(self):
        return self.used >= self.limit

    def use(self):
        """Count one use (atomically: parallel requests on any process or server each count)."""
        cache.add(self.key, 0, self.seconds)
        try:
            self.used = cache.incr(self.key)
        except ValueError:  # expired between the two steps: a new window
            cache.add(self.key, 1, self.seconds)
            self.used = 1
        return self.used

    def take(self):
        """Count one use if any is left: whether it was (for a check that must hold under races)."""
        return self.use() <= self.limit

    def refuse(self, form, message):
        """Show `message` above `form` (its field errors too) and give the status to answer with."""
        form.is_valid()
        form.add_error(None, message)
        return 429
