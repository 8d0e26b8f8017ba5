"""A laboratory reference is a case number, never genetic or biometric data.

homeward records that a laboratory identified a person and under which of
its own references; the DNA profile, fingerprints and dental chart stay in
the laboratory (Interpol DVI practice). A reference that looks like a
profile is refused, so that data cannot slip in through a free-text field.
"""

from __future__ import annotations

import re

MAX_REFERENCE = 64

# A run of nucleotide letters, an STR locus name with alleles (D8S1179: 13,14; vWA 17/18), or many allele pairs.
_SEQUENCE = re.compile(r"[ACGTN]{12,}", re.IGNORECASE)
_STR_LOCUS = re.compile(r"\b(?:D\d{1,2}S\d{2,4}|TH01|VWA|FGA|CSF1PO|TPOX|AMEL|PENTA\s?[DE])\b\s*[:=]?\s*\d",
                        re.IGNORECASE)
_ALLELE_PAIRS = re.compile(r"(?:\b\d{1,2}(?:\.\d)?\s*[,/]\s*\d{1,2}(?:\.\d)?\b.*){4,}")


def reference_problem(reference: str) -> str | None:
    """Why ``reference`` cannot be stored as a laboratory reference, or None when it can."""
    text = reference.strip()
    if not text:
        return "Give the laboratory's reference for the case."
    if len(text) > MAX_REFERENCE:
        return f"A laboratory reference is at most {MAX_REFERENCE} characters."
    if _SEQUENCE.search(text) or _STR_LOCUS.search(text) or _ALLELE_PAIRS.search(text):
        return "This looks like genetic data; record only the laboratory's case reference."
    return None
