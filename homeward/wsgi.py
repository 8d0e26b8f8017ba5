"""The WSGI application (gunicorn: ``homeward.wsgi:application``)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homeward.settings")
application = get_wsgi_application()

# What the process loaded to start (Django, the apps, URL patterns, catalogues) lives as long as it does.
# Moved out of the collector's reach, a full collection no longer walks it: without this, the request that
# happens to trigger one waits ~200 ms while the collector scans every object the server ever made.
gc.collect()
gc.freeze()
