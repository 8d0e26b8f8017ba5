"""Sentences from the core in the reader's language: the planner's reasons, eligibility findings, import problems.

homeward_core says every reason in English and also as a wording's id with its values
(``homeward_core.said``); what is stored (a plan entry, an import's report) keeps both, because it is
read later by people of either party in their own language. A page words the id through this table,
with the values put in the reader's way: numbers grouped, dates in the short format, statuses by name,
and a person's record id as the name the reader may see. A wording missing here (or a sentence stored
before sentences had ids) is shown as the core wrote it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.utils import formats
from django.utils.translation import get_language, gettext_lazy, pgettext, pgettext_lazy
from django.utils.translation import gettext as _

from homeward_core.said import Said, from_json

WORDINGS: dict[str, Any] = {
    # eligibility findings (homeward_core.eligibility.rules)
    "terms.everyone": gettext_lazy("the agreement's terms cover everyone of this status"),
    "parity.rank_unknown": gettext_lazy("rank not known; the equivalence scale needs it"),
    "custody.captured_unknown": gettext_lazy("date of capture not known; counted as 0 days held"),
    "hard.refuses": gettext_lazy("refuses repatriation; never listed (GC III Art. 109)"),
    "hard.proceedings": gettext_lazy("held back for judicial proceedings (GC III Arts. 115, 119)"),
    "status.not_exchanged": gettext_lazy("%(status)s; this agreement exchanges %(covered)s only"),
    "hard.identity": gettext_lazy("identity not yet confirmed by both sides"),
    "consent.required": gettext_lazy("has not yet consented in the interview; the agreement requires it"),
    "age.under.unknown": gettext_lazy("date of birth not known; cannot tell if under %(years)s"),
    "age.under.yes": gettext_lazy("%(age)s on %(day)s, under %(years)s"),
    "age.under.no": gettext_lazy("%(age)s on %(day)s, not under %(years)s"),
    "age.under.maybe": gettext_lazy("born %(born)s: %(age)s on %(day)s; cannot tell if under %(years)s"),
    "age.at_least.unknown": gettext_lazy("date of birth not known; cannot tell if at least %(years)s"),
    "age.at_least.yes": gettext_lazy("%(age)s on %(day)s, at least %(years)s"),
    "age.at_least.no": gettext_lazy("%(age)s on %(day)s, under %(years)s"),
    "age.at_least.maybe": gettext_lazy("%(age)s on %(day)s, cannot tell if at least %(years)s"),
    "medical.seriously_wounded.yes": gettext_lazy("certified seriously wounded or sick"),
    "medical.seriously_wounded.no": gettext_lazy("not certified seriously wounded or sick"),
    "medical.ill.yes": gettext_lazy("certified ill"),
    "medical.ill.no": gettext_lazy("not certified ill"),
    "medical.category.none": gettext_lazy("no medical category certified (needs %(wanted)s)"),
    "medical.category.among": gettext_lazy("medical category %(category)s among %(wanted)s (GC III Annex I)"),
    "medical.category.not_among": gettext_lazy(
        "medical category %(category)s not among %(wanted)s (GC III Annex I)"),
    "custody.held_more_than.unknown": gettext_lazy(
        "date of capture not known; cannot tell if held over %(days)s days"),
    "custody.held_more_than.yes": gettext_lazy("held %(held)s days on %(day)s, more than %(days)s"),
    "custody.held_more_than.no": gettext_lazy("held %(held)s days on %(day)s, not more than %(days)s"),
    "status.legal.yes": gettext_lazy("%(status)s"),
    "status.legal.no": gettext_lazy("%(status)s, not %(wanted)s"),
    "rank.class.unknown": gettext_lazy("rank not known"),
    "rank.class.yes": gettext_lazy("rank class %(rank)s"),
    "rank.class.no": gettext_lazy("rank class %(rank)s, not %(wanted)s"),
    "custody.place.unknown": gettext_lazy("place of custody not known"),
    "custody.place.yes": gettext_lazy("held at %(place)s"),
    "custody.place.no": gettext_lazy("held at %(place)s, not a listed place"),
    # a person's place in a plan (homeward_core.planning.plan)
    "plan.not_eligible": gettext_lazy("not eligible: %(findings)s"),
    "plan.not_eligible_locked": gettext_lazy("%(reason)s; the lock cannot override it"),
    "plan.not_selected_because": gettext_lazy("not selected: %(why)s"),
    "plan.no_plan": gettext_lazy("not selected: no plan: %(problem)s"),
    "plan.selected_locked": gettext_lazy("selected: locked in by the planner"),
    "plan.selected": gettext_lazy("selected: %(label)s; %(rank)s by priority on side %(side)s"),
    "plan.selected_held": gettext_lazy(
        "selected: %(label)s; %(rank)s by priority on side %(side)s; held %(held)s days"),
    "plan.not_selected": gettext_lazy(
        "not selected: %(position)s in priority order among the %(size)s eligible %(label)s held by side "
        "%(side)s; %(taken)s of them selected; %(binding)s"),
    "plan.not_selected_days": gettext_lazy(
        "not selected: %(position)s by days held among the %(size)s eligible %(label)s held by side %(side)s; "
        "%(taken)s of them selected; %(binding)s"),
    "plan.binding.capacity": gettext_lazy("capacity %(capacity)s on side %(side)s reached"),
    "plan.binding.other_capacity": gettext_lazy("parity: capacity %(capacity)s on side %(side)s reached"),
    "plan.binding.head_count": gettext_lazy("parity: side %(side)s can match only %(count)s"),
    "plan.binding.category": gettext_lazy("parity in category %(category)s: side %(side)s has no more to match"),
    "plan.binding.equivalence": gettext_lazy("parity: the equivalence scale must balance between the sides"),
    "plan.problem.locks_over_capacity": gettext_lazy(
        "side %(side)s has %(locked)s people locked in, more than its capacity of %(capacity)s"),
    "plan.problem.locks_unmatched": gettext_lazy(
        "the other side cannot match the people locked in under the parity rule"),
    "plan.problem.no_parity": gettext_lazy("no plan meets the parity rule with the people locked in"),
    # why a person may not be planned (homeward.planning.services, homeward_core.planning.schedule)
    "plan.excluded.scheduled": gettext_lazy("already scheduled for %(phase)s"),
    "plan.excluded.planner": gettext_lazy("excluded by the planner"),
    "plan.excluded.planner+note": gettext_lazy("excluded by the planner: %(note)s"),
    "plan.excluded.approved": gettext_lazy("already in the approved plan for %(phase)s"),
    "plan.excluded.handed_over": gettext_lazy("returned in %(phase)s"),
    "plan.excluded.refused": gettext_lazy("refused repatriation at the handover of %(phase)s"),
    "plan.excluded.died": gettext_lazy("died before the handover of %(phase)s"),
    "plan.excluded.proceedings": gettext_lazy("held back for proceedings at %(phase)s"),
    "plan.excluded.substitute": gettext_lazy("returned in %(phase)s as a substitute"),
    # what made a plan version (homeward.planning.services)
    "plan.change.afresh": gettext_lazy("planned afresh"),
    "plan.change.lock": gettext_lazy("locked in: %(person)s"),
    "plan.change.lock+note": gettext_lazy("locked in: %(person)s (%(note)s)"),
    "plan.change.exclude": gettext_lazy("excluded: %(person)s"),
    "plan.change.exclude+note": gettext_lazy("excluded: %(person)s (%(note)s)"),
    "plan.change.clear": gettext_lazy("lock or exclusion cleared: %(person)s"),
    "plan.change.clear+note": gettext_lazy("lock or exclusion cleared: %(person)s (%(note)s)"),
    # a roster row refused by an import's check (homeward_core.roster, homeward.registry.import_checking)
    "roster.too_long": gettext_lazy("longer than %(limit)s characters"),
    "roster.name_characters": gettext_lazy("contains characters not allowed in a name: %(characters)s"),
    "roster.required": gettext_lazy("is required"),
    "roster.legal_status": gettext_lazy(
        "'%(text)s' is not a legal status (pow, civilian internee, other detainee, disputed)"),
    "roster.homeward_id": gettext_lazy("'%(text)s' is not a homeward id"),
    "date.day_without_month": gettext_lazy("a day without a month"),
    "date.no_such_month": gettext_lazy("month %(month)s does not exist"),
    "date.not_in_calendar": gettext_lazy("%(date)s is not a calendar date"),
    "date.year_outside": gettext_lazy("year %(year)s is outside %(earliest)s–%(latest)s"),
    "date.unreadable": gettext_lazy("'%(text)s' is not a date (use dd.mm.yyyy, yyyy-mm-dd, mm.yyyy or yyyy)"),
    "date.not_full": gettext_lazy("'%(text)s' needs a day, month and year"),
    "date.future": gettext_lazy("%(date)s is in the future"),
    "import.ref_repeats": gettext_lazy("'%(ref)s' repeats row %(first)s"),
    "import.ref_registered": gettext_lazy(
        "'%(ref)s' is already in your registry; add its homeward_id column to correct it"),
    "import.ref_taken": gettext_lazy("'%(ref)s' is used by another of your records"),
    "import.id_repeats": gettext_lazy("the same record is corrected in row %(first)s"),
    "import.id_unknown": gettext_lazy("no record of yours has this id"),
    # a file whose columns cannot be used (homeward_core.roster.columns)
    "import.columns": gettext_lazy("The columns cannot be used: %(problems)s."),
    # why a requested check or commit was refused (registry/imports.py, import_writing.py, tasks.py)
    "import.refused.changed": gettext_lazy("Nothing was written: %(problem)s. Check the file again."),
    "import.refused.version": gettext_lazy(
        "Nothing was written: row %(row)s: record %(record)s was corrected since the check (version %(expected)s → "
        "%(current)s). Check the file again."),
    "import.refused.damaged": gettext_lazy("Nothing was written: the checked rows could not be written (%(detail)s)."),
    "import.refused.check_not_run": gettext_lazy("The check was not run: %(detail)s"),
    "import.refused.commit_not_run": gettext_lazy("The commit was not run: %(detail)s"),
    "import.recheck.added": gettext_lazy("row %(row)s: '%(ref)s' has been added to your registry since the check"),
    "import.recheck.taken": gettext_lazy(
        "row %(row)s: '%(ref)s' has been given to another of your records since the check"),
    "import.recheck.not_yours": gettext_lazy("row %(row)s: the record to correct is no longer yours"),
    "import.recheck.corrected": gettext_lazy("row %(row)s: record %(record)s was corrected since the check"),
    "columns.unknown_field": gettext_lazy("column '%(column)s' is mapped to unknown field '%(field)s'"),
    "columns.not_in_file": gettext_lazy("column '%(column)s' is not in the file"),
    "columns.twice": gettext_lazy("field '%(field)s' is mapped from two columns"),
    "columns.required_missing": gettext_lazy("required column missing: %(fields)s"),
}

# A file an import will not read (homeward_core.imports.errors.ERROR_CODES): the core's sentence names the
# limits and what to do in English; other languages say what is wrong with the file, and where.
REJECTED = {
    "file.too_large": gettext_lazy("The file is larger than the import accepts."),
    "file.empty": gettext_lazy("The file is empty."),
    "file.unreadable": gettext_lazy("The uploaded file could not be read from storage; upload it again."),
    "file.unsupported_format": gettext_lazy(
        "The file is not a table (a PDF, an image or an archive); upload the roster as .xlsx or CSV."),
    "file.nul_byte": gettext_lazy(
        "The text file contains NUL bytes (a binary file, or UTF-16 without a byte-order mark)."),
    "encoding.unsupported": gettext_lazy("homeward does not read this encoding; save the file as CSV UTF-8."),
    "encoding.undecodable": gettext_lazy("The file is not text in the chosen encoding or any other homeward reads."),
    "encoding.mixed": gettext_lazy("Some lines of the file are UTF-8 and others a legacy encoding."),
    "encoding.mismatch": gettext_lazy("The encoding chosen for the file is clearly not the file's encoding."),
    "csv.empty": gettext_lazy("The CSV file has no header row."),
    "csv.blank_column_name": gettext_lazy("A header cell of the CSV file is empty between named columns."),
    "csv.duplicate_column": gettext_lazy("Two header cells of the CSV file name the same column."),
    "csv.too_many_columns": gettext_lazy("A row of the CSV file has more columns than the import accepts."),
    "csv.too_many_rows": gettext_lazy("The CSV file has more rows than the import accepts."),
    "csv.cell_too_long": gettext_lazy("A value in the CSV file is longer than the import accepts."),
    "csv.line_too_long": gettext_lazy("A line of the CSV file is longer than the import accepts."),
    "csv.ragged_row": gettext_lazy("A row of the CSV file has values beyond the last named column."),
    "csv.malformed": gettext_lazy("The quoting of the CSV file is broken."),
    "zip.truncated": gettext_lazy("The workbook is cut short or its directory is damaged."),
    "zip.corrupt": gettext_lazy("A part of the workbook does not match its checksum or declared size."),
    "zip.too_many_entries": gettext_lazy("The workbook has more parts than a workbook needs."),
    "zip.duplicate_entry": gettext_lazy("Two parts of the workbook have the same name."),
    "zip.unsafe_path": gettext_lazy("A part of the workbook has an absolute name or one that climbs out of it."),
    "zip.encrypted": gettext_lazy("A part of the workbook is encrypted."),
    "zip.unsupported_compression": gettext_lazy("A part of the workbook is compressed in a way Excel does not use."),
    "zip.bomb": gettext_lazy("The workbook expands to far more data than it holds."),
    "xlsx.encrypted": gettext_lazy(
        "The file is a password-protected workbook or an old Excel 97–2003 (.xls) file; save it as .xlsx "
        "without a password."),
    "xlsx.not_a_workbook": gettext_lazy("The file is named or packed like a workbook but is not one."),
    "xlsx.xml_dtd": gettext_lazy("A part of the workbook declares a DTD or entities, which homeward refuses."),
    "xlsx.empty": gettext_lazy("The workbook has no worksheet or no header row."),
    "xlsx.blank_column_name": gettext_lazy("A header cell of the worksheet is empty between named columns."),
    "xlsx.duplicate_column": gettext_lazy("Two header cells of the worksheet name the same column."),
    "xlsx.too_many_columns": gettext_lazy("A row of the worksheet has more columns than the import accepts."),
    "xlsx.too_many_rows": gettext_lazy("The worksheet has more rows than the import accepts."),
    "xlsx.cell_too_long": gettext_lazy("A value in the worksheet is longer than the import accepts."),
    "xlsx.ragged_row": gettext_lazy("A row of the worksheet has values beyond the last named column."),
    "xlsx.worker_limit": gettext_lazy("Reading the workbook needed more memory or time than the import allows."),
    "xlsx.unreadable": gettext_lazy("The workbook is damaged in a way the reader cannot get past."),
}

STATUS = {
    "pow": gettext_lazy("prisoner of war"), "civilian_internee": gettext_lazy("civilian internee"),
    "other_detainee": gettext_lazy("other detainee"), "disputed": gettext_lazy("status disputed"),
    "": gettext_lazy("legal status not given"),
}
STATUS_PLURAL = {
    "pow": gettext_lazy("prisoners of war"), "civilian_internee": gettext_lazy("civilian internees"),
    "other_detainee": gettext_lazy("other detainees"), "disputed": gettext_lazy("people of disputed status"),
}
# The class of people in none of an agreement's parity categories (homeward_core.planning.plan.OTHER).
OTHER_CLASS = "(other)"
WHOLE_AGREEMENT = "Whole agreement"  # the phase name of an agreement without phases (planning.services)


def say(sentence: Said | Mapping[str, Any] | None, fallback: str = "", *,
        people: Mapping[str, str] | None = None) -> str:
    """One sentence in the active language; ``people`` names record ids (a change note's person)."""
    if not sentence:
        return fallback
    if people is None and not isinstance(sentence, Said):
        # As stored (JSON): a plan's page words 50 people's reasons and 250 findings, most of them the same few
        # sentences ("legal status: prisoner of war"); each is worded once per language and process.
        return _stored_in(get_language() or "", json.dumps(sentence, sort_keys=True, separators=(",", ":")),
                          fallback)
    return _say(sentence, fallback, people)


@lru_cache(maxsize=8192)
def _stored_in(language: str, stored: str, fallback: str) -> str:
    """``say`` of a stored sentence; ``language`` (the active one) is part of the key, nothing else varies."""
    return _say(json.loads(stored), fallback, None)


def _say(sentence: Said | Mapping[str, Any], fallback: str, people: Mapping[str, str] | None) -> str:
    if not isinstance(sentence, Said):
        sentence = from_json(sentence)
    if sentence.code == "text":
        return str(sentence.value("text", sentence.text))
    if sentence.code == "import.rejected":
        return _rejected(sentence)
    params = dict(sentence.params)
    wording = WORDINGS.get(f"{sentence.code}+note") if params.get("note") else None
    wording = wording or WORDINGS.get(sentence.code)
    if wording is None:
        return sentence.text or fallback
    values = {name: _value(sentence.code, name, value, people or {}) for name, value in params.items()}
    if "youngest" in params:
        values["age"] = _age(params)
    try:
        return str(wording) % values
    except (KeyError, TypeError, ValueError):  # a translation that names a value the sentence lacks
        return sentence.text or fallback


def _rejected(sentence: Said) -> str:
    """A file the import will not read: the core's own sentence in English, else what is wrong and where."""
    described = REJECTED.get(str(sentence.value("code", "")))
    if described is None or (get_language() or "en").startswith(settings.LANGUAGE_CODE):
        return sentence.text
    line = sentence.value("line")
    if line is None:
        return str(described)
    return _("%(problem)s (line %(line)s of the file)") % {"problem": described, "line": line}


def refusal(batch: Any) -> str:
    """Why an import's last step was refused, in the active language (stored English without a wording id)."""
    return say(batch.refusal_problem or None, batch.refusal)


def file_error(batch: Any) -> str:
    """Why an import's file cannot be read, in the active language (stored English when it has no wording id)."""
    return say(batch.file_problem or None, batch.file_error)


def entry_reason(entry: Any) -> str:
    """A plan entry's reason in the active language (stored English when it predates wording ids)."""
    return say((entry.explanation or {}).get("reason"), entry.reason)


def problem_reason(problem: Mapping[str, Any]) -> str:
    """One problem of an import's report in the active language (stored English when it has no wording id)."""
    return say(problem.get("said"), str(problem.get("reason", "")))


def entry_findings(entry: Any) -> list[tuple[str, bool | None, str]]:
    """A plan entry's findings as (rule, ok, sentence) in the active language."""
    worded = (entry.explanation or {}).get("findings") or []
    out = []
    for n, (rule, ok, message) in enumerate(entry.findings or ()):
        out.append((rule, ok, say(worded[n] if n < len(worded) else None, message)))
    return out


def ordinal(number: int) -> str:
    """1st, 2nd, 1,204th — each language's own way (Ukrainian and Russian: 1-й)."""
    grouped = formats.number_format(number, force_grouping=True)
    if 10 <= number % 100 <= 20 or number % 10 not in (1, 2, 3):
        return pgettext("ordinal number, other endings", "%(number)sth") % {"number": grouped}
    words = {1: pgettext_lazy("ordinal number ending in 1", "%(number)sst"),
             2: pgettext_lazy("ordinal number ending in 2", "%(number)snd"),
             3: pgettext_lazy("ordinal number ending in 3", "%(number)srd")}
    return str(words[number % 10]) % {"number": grouped}


def _join(items: list[str], word: str) -> str:
    return f" {word} ".join(items)


def _date(value: str) -> str:
    try:
        return str(formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT"))
    except ValueError:  # a partial date of birth (a year, or a year and month) is shown as written
        return value


def _labels(code: str, value: Any) -> str:
    words = [_("(other)") if word == OTHER_CLASS else str(word) for word in value]
    if words:
        return ", ".join(words)
    return _("eligible") if code.startswith("plan.selected") else _("in no priority category")


def _age(params: Mapping[str, Any]) -> str:
    youngest, oldest = params["youngest"], params["oldest"]
    if youngest == oldest:
        return formats.number_format(youngest)
    return _("%(youngest)s or %(oldest)s") % {"youngest": youngest, "oldest": oldest}


# Values shown as the file or the rule wrote them: years and months are not grouped like counts.
AS_WRITTEN = frozenset({"year", "earliest", "latest", "month", "text", "ref", "characters", "date", "column", "detail",
                        "field"})

PARAMS: dict[str, Callable[[str, Any], str]] = {
    "day": lambda code, v: _date(v),
    "born": lambda code, v: _date(v),
    "status": lambda code, v: str(STATUS.get(v, v)),
    "covered": lambda code, v: _join([str(STATUS_PLURAL.get(s, s)) for s in v], pgettext("joining a list", "and")),
    "label": _labels,
    "rank": lambda code, v: ordinal(v) if isinstance(v, int) else str(v),
    "position": lambda code, v: ordinal(v),
    "phase": lambda code, v: _("Whole agreement") if v == WHOLE_AGREEMENT else str(v),
    "category": lambda code, v: _("(other)") if v == OTHER_CLASS else str(v),
}


def _value(code: str, name: str, value: Any, people: Mapping[str, str]) -> Any:
    if isinstance(value, Said):
        return say(value, people=people)
    if name == "wanted":
        if code.startswith("status.legal"):
            return _join([str(STATUS.get(s, s)) for s in value], pgettext("joining a list", "or"))
        return ", ".join(value) if code.startswith("medical.category") else _join(list(value),
                                                                                   pgettext("joining a list", "or"))
    if name in ("findings", "problems"):
        return "; ".join(say(item, people=people) for item in value)
    if name == "fields":
        return ", ".join(value)
    if name == "person":
        return people.get(value) or _("a person not shared with your organisation")
    if name in AS_WRITTEN:
        return str(value)
    if name in PARAMS:
        return PARAMS[name](code, value)
    if isinstance(value, int) and not isinstance(value, bool):
        return formats.number_format(value, force_grouping=True)
    return value
