from django.conf import settings


def quick_exit(request):
    """Where the quick-exit control sends the browser (read per request: settings may change)."""
    return {"quick_exit_url": settings.QUICK_EXIT_URL}
