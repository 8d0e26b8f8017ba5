from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class NoStoreMiddleware:
    """Pages behind sign-in hold personal data: no browser or proxy may cache them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response


class NotAllowedMiddleware:
    """A refused action is a 403 page naming the reason, not a server error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.core.exceptions import PermissionDenied

        from homeward.accounts.scoping import NotAllowed

        if isinstance(exception, NotAllowed):
            raise PermissionDenied(str(exception)) from exception
        return None



class UserLanguageMiddleware:
    """A signed-in user's pages are in the language they chose, whatever the browser says.

    The choice (their membership's) is copied into the session at sign-in and by the switcher, so no
    request pays a query for it. Anonymous visitors and users who chose nothing keep what LocaleMiddleware
    picked: the switcher's cookie, else the browser's Accept-Language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.utils import translation

        from homeward.accounts.language import session_language

        language = session_language(request)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        return self.get_response(request)
