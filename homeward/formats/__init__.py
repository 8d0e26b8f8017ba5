"""Date and number formats where homeward departs from Django's for a language (settings.FORMAT_MODULE_PATH).

Ukrainian and Russian use Django's own formats (``d.m.Y``, ``j E Y р.`` ...); English keeps Django's long forms
but writes short dates the ISO way, as the parties' rosters and the mediator's documents do, rather than the
United States' month/day/year.
"""
