"""What a server process loads before it takes requests (homeward/wsgi.py), rather than on the first request."""

from __future__ import annotations


def load_what_requests_would() -> list[str]:
    """Import every view, compile every template, read each language's catalogue and build the name indexes;
    the templates that would not compile (none of homeward's).

    Each is otherwise done by the first request that needs it (the name indexes take some 200 ms: the first
    record compared would wait for them). Done before the server freezes its start-up heap, the objects they
    make (some 170,000: the views' modules and what they import, the template node trees) are frozen with
    the rest, instead of being walked by every full garbage collection for the life of the process.
    """
    from pathlib import Path

    from django.conf import settings
    from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
    from django.urls import URLPattern, URLResolver, get_resolver
    from django.utils.translation import trans_real

    from homeward_core.names.canonical import load_indexes

    def views(patterns: list[URLPattern | URLResolver]) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                views(pattern.url_patterns)
            else:
                pattern.callback  # noqa: B018 (a lazy view is imported when its callback is first read)

    views(get_resolver().url_patterns)
    load_indexes()
    for language, _name in settings.LANGUAGES:
        trans_real.translation(language)
    skipped = []
    for engine in engines.all():
        for folder in map(Path, engine.template_dirs):
            for path in sorted(folder.rglob("*.html")):
                name = path.relative_to(folder).as_posix()
                try:
                    engine.get_template(name)
                except (TemplateDoesNotExist, TemplateSyntaxError):
                    skipped.append(name)  # a third-party template meant for another setting: not served here
    return skipped
