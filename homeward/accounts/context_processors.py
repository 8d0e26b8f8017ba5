from typing import Any

from django.http import HttpRequest

from homeward.accounts.scoping import actor_for


def membership(request: HttpRequest) -> dict[str, Any]:
    """The signed-in actor (organisation and role) for every template."""
    return {"actor": actor_for(getattr(request, "user", None))}
