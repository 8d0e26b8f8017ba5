"""The HTTP API (django-ninja), mounted under /api/."""
