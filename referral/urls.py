"""Referral's pages, one package a feature, under one namespace ("referral:start", …)."""

from referral.criteria.urls import urlpatterns as criteria
from referral.loop.urls import urlpatterns as loop
from referral.questionnaire.urls import urlpatterns as questionnaire
from referral.training.urls import urlpatterns as training
from referral.triage.urls import urlpatterns as triage

app_name = "referral"

urlpatterns = [*triage, *questionnaire, *loop, *criteria, *training]
