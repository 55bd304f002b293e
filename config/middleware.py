"""Site-wide response rules."""

from django.utils.cache import patch_cache_control


def private_pages(get_response):
    """A page shown to a signed-in user is never kept by a browser or a shared cache."""

    def middleware(request):
        response = get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware
