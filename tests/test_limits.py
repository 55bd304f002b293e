"""Limits that hold across processes and servers: counted atomically in the shared cache, keyed
with a keyed hash of the client's address (behind the configured proxies, IPv6 per /64)."""

import hashlib

import pytest
from django.core.cache import caches
from django.test import RequestFactory, override_settings

from config.env import cache_from_url
from directory.limits import Allowance, address_key, client_address

pytestmark = pytest.mark.django_db


def request(remote="203.0.113.7", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **extra)


def test_the_key_is_a_keyed_hash_that_hashing_every_address_cannot_reverse(settings):
    key = address_key(request("203.0.113.7"))
    assert "203.0.113.7" not in key and key != hashlib.sha256(b"203.0.113.7").hexdigest()[:32]
    settings.SECRET_KEY = "another-secret-for-another-site"
    assert address_key(request("203.0.113.7")) != key


def test_without_trusted_proxies_a_forwarded_header_is_ignored():
    assert client_address(request("198.51.100.9", forwarded="1.2.3.4")) == "198.51.100.9"


@override_settings(KAZIPOT_TRUSTED_PROXIES=1)
def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_wrote():
    # The client wrote "6.6.6.6" itself; the proxy appended the address it saw.
    assert client_address(request("10.0.0.2", forwarded="6.6.6.6, 203.0.113.50")) == "203.0.113.50"
    assert address_key(request("10.0.0.2", forwarded="1.1.1.1, 203.0.113.50")) == address_key(
        request("10.0.0.3", forwarded="203.0.113.50")
    )


@override_settings(KAZIPOT_TRUSTED_PROXIES=2)
def test_behind_two_proxies_the_second_address_from_the_right_counts():
    assert client_address(request("10.0.0.2", forwarded="6.6.6.6, 203.0.113.50, 10.0.0.1")) == "203.0.113.50"


def test_ipv6_addresses_count_per_64_and_mapped_ipv4_as_ipv4():
    one = address_key(request("2001:db8:1:2::1"))
    assert one == address_key(request("2001:db8:1:2:ffff:1:2:3"))
    assert one != address_key(request("2001:db8:1:3::1"))
    assert address_key(request("::ffff:203.0.113.7")) == address_key(request("203.0.113.7"))


@pytest.mark.parametrize("url", ["locmem://", "db://"])
def test_parallel_requests_that_all_read_four_of_five_let_exactly_one_through(url, settings):
    settings.CACHES = {"default": cache_from_url(url)}
    if url == "db://":
        from django.core.management import call_command

        call_command("createcachetable", verbosity=0)
    caches["default"].clear()
    first = Allowance(request(), "test", 5, 3600)
    for _ in range(4):
        first.use()
    racing = [Allowance(request(), "test", 5, 3600) for _ in range(6)]  # each read 4 before any counted
    assert {a.used for a in racing} == {4} and not any(a.spent for a in racing)
    assert [a.take() for a in racing].count(True) == 1


def test_the_database_cache_counts_atomically_and_keeps_the_expiry(settings):
    from django.core.management import call_command

    settings.CACHES = {"default": cache_from_url("db://")}
    call_command("createcachetable", verbosity=0)
    from django.db import connection

    cache = caches["default"]
    cache.add("n", 0, 60)

    def expires():
        with connection.cursor() as cursor:
            cursor.execute("SELECT expires FROM kazipot_cache")
            return cursor.fetchall()

    before = expires()
    assert [cache.incr("n") for _ in range(3)] == [1, 2, 3]
    assert expires() == before  # Django's own incr would start a default 300-second expiry again
    with pytest.raises(ValueError):
        cache.incr("missing")


def test_an_unknown_cache_url_names_the_ones_there_are():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="db://"):
        cache_from_url("file:///tmp/cache")
