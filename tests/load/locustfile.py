"""Mixed traffic for `make load`: directory search and detail, a triage flow, the APIs.

Run only against a server of ours on 127.0.0.1 (make load starts and stops one).
"""

import os
import random
import re

from locust import HttpUser, between, task

WORDS = ["pomoč", "namestitev", "svetovanje", "telefon", "kljuc", "delavci", "migranti", "pravna"]
SYNTHETIC = 10_000
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class FrontlineWorker(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self):
        """With several app servers (KAZIPOT_HOSTS, space-separated: make load-cluster) each user
        talks to one of them, as behind a load balancer."""
        hosts = os.environ.get("KAZIPOT_HOSTS", "").split()
        if hosts:
            self.host = random.choice(hosts)
            self.client.base_url = self.host

    @task(5)
    def search(self):
        self.client.get("/directory/", params={"q": random.choice(WORDS)}, name="/directory/?q=")

    @task(2)
    def search_filtered(self):
        params = {"q": random.choice(WORDS), "municipality": "ljubljana", "open_now": "on"}
        self.client.get("/directory/", params=params, name="/directory/?q=&filters")

    @task(4)
    def detail(self):
        slug = random.choice(["kljuc-hotline", "pats", f"syn-{random.randrange(SYNTHETIC)}"])
        self.client.get(f"/directory/{slug}/", name="/directory/<slug>/")

    @task(2)
    def triage_flow(self):
        page = self.client.get("/triage/", name="/triage/")
        token = CSRF.search(page.text)
        if not token:
            return
        headers = {"Referer": f"{self.host}/triage/"}
        self.client.post("/triage/", {"csrfmiddlewaretoken": token.group(1)}, headers=headers, name="/triage/ start")
        for key, value in [
            ("immediate_danger", "no"),
            ("migration_status", "asylum_applicant"),
            ("exploitation", "sexual"),
        ]:
            form = self.client.get(f"/triage/q/{key}/", name="/triage/q/<key>/")
            token = CSRF.search(form.text)
            if token:
                self.client.post(
                    f"/triage/q/{key}/",
                    {"csrfmiddlewaretoken": token.group(1), "answer": value},
                    headers=headers,
                    name="/triage/q/<key>/ answer",
                )
        self.client.get("/triage/results/", name="/triage/results/")

    @task(2)
    def triage_api(self):
        self.client.post("/api/triage/", json={"exploitation": ["labour"], "migration_status": "eu_citizen"})

    @task(1)
    def hsds_api(self):
        self.client.get(
            "/api/hsds/services/", params={"search": random.choice(WORDS), "per_page": 10}, name="/api/hsds/services/"
        )
