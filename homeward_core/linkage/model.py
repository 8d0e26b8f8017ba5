"""The Splink model: comparisons on the name keys, dates and units; blocking rules.

Each comparison's levels go from strongest to weakest evidence, and each level
has a label the review queue shows ("same name across scripts", "day and month
swapped"). The same settings serve DuckDB and Spark: levels use Splink's
dialect-aware level classes or plain SQL both engines accept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule

# Candidate pairs are the union of these; docs/linkage.md gives each one's recall.
PREDICTION_BLOCKING = (
    ("surname and given name sound alike, same birth year", ("surname_sound", "given_name_sound", "dob_year")),
    ("surname, given name and patronymic sound alike", ("surname_sound", "given_name_sound", "patronymic_sound")),
    ("surname sounds alike, same date of birth", ("surname_sound", "dob")),
    ("given name sounds alike, same date of birth", ("given_name_sound", "dob")),
    ("same date of birth and unit", ("dob", "unit_key")),
    ("surname sounds alike, same unit", ("surname_sound", "unit_key")),
    ("surname and patronymic sound alike, same birth year", ("surname_sound", "patronymic_sound", "dob_year")),
    ("surname and given name begin alike, same birth month", ("surname_prefix", "given_name_prefix", "dob_year",
                                                              "dob_month")),
    ("surname and given name sound alike, same day and month", ("surname_sound", "given_name_sound", "dob_day_month")),
    # a mistyped surname: the rest must carry the pair
    ("given name and patronymic sound alike, same birth year", ("given_name_sound", "patronymic_sound", "dob_year")),
    ("given name sounds alike, same unit number", ("given_name_sound", "unit_digits")),
    ("given name sounds alike, surname begins alike, same birth month", ("given_name_sound", "surname_initials",
                                                                         "dob_year", "dob_month")),
)
SWAPPED_BLOCKING = "l.dob = r.dob_swapped and l.surname_sound = r.surname_sound"
# A record with no birth date, or with neither patronymic nor unit, meets its namesakes (features._thin_keys).
THIN_BLOCKING = (("left record thin, names sound alike", "names_thin", "names_sound"),
                 ("right record thin, names sound alike", "names_sound", "names_thin"))

# EM needs each comparison free of its own blocking key at least once. Each step is a rule and
# fall-backs for lists where it yields no pairs (no shared date of birth, no shared name).
TRAINING_BLOCKING = (
    (("dob",), ("dob_year", "given_name_sound"), ("dob_year",)),
    (("surname_sound", "given_name_sound"), ("surname_sound",), ("given_name_sound",)),
)


def _name(field: str, *, frequency: bool) -> cl.CustomComparison:
    """Levels of agreement on one name part.

    With ``frequency`` (surname, given name), agreement on a common name
    (Петренко, Олександр) is weaker evidence than on a rare one: Splink's
    term-frequency adjustment on the match key. Its Bayes factor for a pair
    that agrees on name *v* is m / tf(v), where tf(v) is the chance that a
    record picked at random has the key *v*: the chance of agreeing on the
    key in any spelling. So the level must be "same match key", spelt alike
    or not. Split into "same spelling" and "across scripts", each level would
    divide its own m by the whole tf(v), and both would understate the
    evidence: by a factor of 1.8 for surnames on our generated lists (half of
    the namesakes on two lists are spelt alike), which left a third of the
    true pairs with only a name to go on under 0.5. Without it (the
    patronymic), the spelling keeps its own, stronger level.
    """
    key, sound, norm, skeleton = f"{field}_key", f"{field}_sound", f"{field}_norm", f"{field}_skeleton"
    if frequency:
        agree = [cll.ExactMatchLevel(key).configure(
            label_for_charts="same name", tf_adjustment_column=key, tf_adjustment_weight=1.0)]
    else:
        agree = [cll.ExactMatchLevel(norm).configure(label_for_charts="same spelling"),
                 cll.ExactMatchLevel(key).configure(label_for_charts="same name across scripts")]
    return cl.CustomComparison(
        output_column_name=field,
        comparison_levels=[
            cll.NullLevel(key),
            *agree,
            cll.ExactMatchLevel(sound).configure(label_for_charts="sounds the same"),
            cll.Or(cll.DamerauLevenshteinLevel(key, 1), cll.DamerauLevenshteinLevel(skeleton, 1)).configure(
                label_for_charts="one letter different"),
            cll.Or(cll.JaroWinklerLevel(key, 0.88), cll.JaroWinklerLevel(skeleton, 0.88)).configure(
                label_for_charts="similar spelling"),
            cll.ElseLevel().configure(label_for_charts="different name"),
        ],
    )


def _date_of_birth() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="date_of_birth",
        comparison_levels=[
            cll.NullLevel("dob_year"),
            cll.ExactMatchLevel("dob").configure(label_for_charts="same date"),
            cll.CustomLevel("dob_l = dob_swapped_r", label_for_charts="day and month swapped"),
            cll.CustomLevel(
                "(dob_l is null or dob_r is null) and dob_year_l = dob_year_r"
                " and (dob_month_l is null or dob_month_r is null or dob_month_l = dob_month_r)",
                label_for_charts="partial date agrees",
            ),
            cll.DamerauLevenshteinLevel("dob_digits", 1).configure(label_for_charts="one digit mistyped"),
            cll.ExactMatchLevel("dob_year").configure(label_for_charts="same year only"),
            cll.ElseLevel().configure(label_for_charts="different date"),
        ],
    )


def _unit() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="unit",
        comparison_levels=[
            cll.NullLevel("unit_digits"),
            cll.ExactMatchLevel("unit_key").configure(label_for_charts="same unit"),
            cll.ExactMatchLevel("unit_digits").configure(label_for_charts="same unit number"),
            cll.ElseLevel().configure(label_for_charts="different unit"),
        ],
    )


def prediction_rules() -> list[Any]:
    return ([block_on(*columns) for _, columns in PREDICTION_BLOCKING] + [CustomRule(SWAPPED_BLOCKING)]
            + [CustomRule(f"l.{left} = r.{right}") for _, left, right in THIN_BLOCKING])


def settings(link_type: str) -> SettingsCreator:
    """Splink settings for 'link_only' (two lists) or 'dedupe_only' (one list)."""
    return SettingsCreator(
        link_type=link_type,
        comparisons=[_name("surname", frequency=True), _name("given_name", frequency=True),
                     _name("patronymic", frequency=False), _date_of_birth(), _unit()],
        blocking_rules_to_generate_predictions=prediction_rules(),
        retain_matching_columns=True,  # Splink keeps the gamma_ columns (each level, for the waterfall) only with these
        retain_intermediate_calculation_columns=True,
        max_iterations=20,
        em_convergence=0.001,
    )


@dataclass(frozen=True)
class Model:
    """What the engine needs to train and score: settings, EM blocking rules, the prior's rule."""

    settings: Callable[[str], SettingsCreator]
    training_blocking: tuple[tuple[tuple[str, ...], ...], ...]  # per EM step: a rule, then its fall-backs
    prior_rule: tuple[str, ...]
    prior_rule_recall: float  # the share of true pairs the prior's deterministic rule finds


# Same name keys and same full date: about 60% of true pairs in lists like those of docs/linkage.md.
PEOPLE = Model(settings, TRAINING_BLOCKING, ("surname_key", "given_name_key", "dob"), 0.6)
