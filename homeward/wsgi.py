"""The WSGI application (gunicorn: ``homeward.wsgi:application``)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

from homeward.lib.collector import CollectBetweenRequests
from homeward.lib.warm import load_what_requests_would

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "homeward.settings")
application = CollectBetweenRequests(get_wsgi_application())
load_what_requests_would()

# What the process loaded to start (Django, the apps, views, templates, catalogues, name indexes) lives as long
# as it does. Moved out of the collector's reach, a full collection no longer walks it: without this, the
# request that happens to trigger one waits 100-250 ms while the collector scans every object the server made.
gc.collect()
gc.freeze()
