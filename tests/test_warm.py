"""A server process loads views, templates, catalogues and name indexes before its first request (homeward/wsgi.py)."""

from __future__ import annotations

from django.template import engines

from homeward.lib.warm import load_what_requests_would
from homeward_core.names import canonical


def test_every_template_compiles_and_is_kept_compiled() -> None:
    assert load_what_requests_would() == []  # a template that does not compile is named here
    engine = engines["django"].engine
    cached = engine.template_loaders[0]  # the cached loader production uses
    assert "home.html" in {key.split("-")[0] for key in cached.get_template_cache}


def test_the_name_indexes_are_built_before_any_name_is_compared() -> None:
    canonical._near_index.cache_clear()
    canonical.canonical_index.cache_clear()
    load_what_requests_would()
    assert canonical._near_index.cache_info().currsize == 2
    assert canonical.canonical_index.cache_info().currsize == 2
