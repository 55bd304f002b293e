"""Who may do what with a programme (django-rules predicates, checked on the server)."""

import rules


@rules.predicate
def is_member_of_provider(user, programme):
    if programme is None or not user.is_authenticated:
        return False
    return user.memberships.filter(organisation_id=programme.organisation_id).exists()


is_staff = rules.is_staff
can_keep_current = is_staff | is_member_of_provider

rules.add_perm("directory.edit_programme", can_keep_current)
rules.add_perm("directory.verify_programme", can_keep_current)
rules.add_perm("directory.view_programme_history", can_keep_current)
rules.add_perm("directory.revert_programme", can_keep_current)
rules.add_perm("directory.handle_report", can_keep_current)
rules.add_perm("directory.handle_referral", can_keep_current)
