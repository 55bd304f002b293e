"""The questionnaire's wording: one plain, trauma-informed question per vocabulary fact."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from referral.vocabulary import FACTS


@dataclass(frozen=True)
class Question:
    key: str
    title: str
    hint: str = ""
    options: tuple = ()  # (value, label); empty for municipality and languages (from the directory)
    short: str = ""  # the label on "check your answers"


YES_NO = (("yes", _("Yes")), ("no", _("No")))

QUESTIONS = {
    q.key: q
    for q in [
        Question(
            "immediate_danger",
            _("Is the person in danger right now?"),
            _("For example, someone is threatening them, or they cannot leave where they are."),
            YES_NO,
            _("In danger now"),
        ),
        Question(
            "age_group",
            _("Is the person an adult or under 18?"),
            _("If you are not sure but they may be under 18, choose “Under 18”."),
            (
                ("adult", _("Adult (18 or over)")),
                ("minor", _("Under 18")),
            ),
            _("Age"),
        ),
        Question(
            "gender",
            _("How does the person describe their gender?"),
            _("Some services are only for women or for children."),
            (("female", _("Woman or girl")), ("male", _("Man or boy")), ("other", _("Another way"))),
            _("Gender"),
        ),
        Question(
            "migration_status",
            _("What is the person’s residence situation in Slovenia?"),
            _("Choose the closest. This decides which migrant and asylum services fit."),
            (
                ("citizen", _("Slovenian citizen")),
                ("eu_citizen", _("Citizen of another EU country")),
                ("third_country_regular", _("From outside the EU, with a residence or work permit")),
                ("third_country_undocumented", _("From outside the EU, without valid papers")),
                ("asylum_applicant", _("Has applied for asylum (international protection)")),
                ("international_protection", _("Has been granted international protection")),
                ("rejected_asylum", _("Asylum application was refused")),
                ("temporary_protection", _("Temporary protection (e.g. from Ukraine)")),
            ),
            _("Residence situation"),
        ),
        Question(
            "police_identified",
            _("Have the police formally identified the person as a possible victim of trafficking?"),
            _("Only the police can do this. It opens longer-term care."),
            YES_NO,
            _("Identified by the police"),
        ),
        Question(
            "police_cooperation",
            _("Is the person willing to talk to the police or give a statement?"),
            _("There is no pressure: they can talk to an NGO first."),
            (("yes", _("Yes")), ("no", _("No")), ("undecided", _("Not decided yet"))),
            _("Talking to the police"),
        ),
        Question(
            "exploitation",
            _("What has happened to the person? Choose all that apply."),
            _("Choose what you know from what they told you or what you saw."),
            (
                ("sexual", _("Made to sell sex or sexually exploited")),
                ("labour", _("Exploited at work (pay, hours, threats)")),
                ("begging", _("Made to beg")),
                ("criminality", _("Made to commit crimes (e.g. theft, drug selling)")),
                ("servitude", _("Made to work in a household as a servant")),
                ("forced_marriage", _("Forced or pushed into marriage")),
                ("organs", _("Pressed to give organs, tissue or blood")),
                ("illegal_adoption", _("A child given or taken for illegal adoption")),
                ("other", _("Something else")),
            ),
            _("What happened"),
        ),
        Question(
            "labour_indicators",
            _("Which of these has happened at work? Choose all that apply."),
            _("These signs help find the right labour and tax services."),
            (
                ("unpaid_wages", _("Wages not paid, or not in full")),
                ("excessive_hours", _("Working hours over the legal limit")),
                ("no_insurance", _("No health or pension insurance paid")),
                ("contract_changed", _("Contract changed without their knowledge")),
                ("documents_withheld", _("Passport or papers taken by the employer")),
                ("threats", _("Threats of dismissal, deportation or reporting")),
                ("forced_illegal_acts", _("Made to break rules, e.g. driving-time limits")),
                ("poor_housing", _("Housed by the employer in poor conditions")),
                ("debt", _("Owes a debt to the employer or recruiter")),
            ),
            _("Signs at work"),
        ),
        Question(
            "in_prostitution",
            _("Does the person sell sex, by choice or not?"),
            _("Support is available without having to stop."),
            YES_NO,
            _("Sells sex"),
        ),
        Question(
            "stage",
            _("Where is the person now in their situation?"),
            "",
            (
                ("in_situation", _("Still in it")),
                ("just_left", _("Left in the last days or weeks")),
                ("rebuilding", _("Left some time ago and rebuilding their life")),
            ),
            _("Stage"),
        ),
        Question(
            "municipality",
            _("In which municipality is the person now?"),
            _("Some services are only in certain towns."),
            (),
            _("Municipality"),
        ),
        Question(
            "needs",
            _("What does the person need now? Choose all that apply."),
            "",
            (
                ("accommodation", _("A safe place to stay")),
                ("health", _("Health care")),
                ("psychosocial", _("Someone to talk to, psychological support")),
                ("legal", _("Legal advice")),
                ("financial", _("Money for basic needs")),
                ("interpretation", _("An interpreter")),
                ("return_home", _("Help returning home")),
                ("language_course", _("Slovenian lessons")),
                ("education", _("Education or training")),
                ("employment", _("Help finding work")),
                ("documents", _("Help with documents")),
                ("report_crime", _("To report a crime")),
            ),
            _("Needs"),
        ),
        Question(
            "wants_anonymity",
            _("Does the person want to stay anonymous?"),
            _("Some lines take calls and reports without a name."),
            YES_NO,
            _("Anonymous"),
        ),
        Question(
            "languages",
            _("Which languages does the person speak? Choose all that apply."),
            _("Services that speak them, or work with interpreters, are shown first."),
            (),
            _("Languages"),
        ),
    ]
}

assert set(QUESTIONS) == set(FACTS), "every vocabulary fact needs a question"
