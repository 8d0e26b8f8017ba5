"""The synthetic demo scenario: two parties' fictional lists, with ground truth for linkage.

Pure Python (no Django): ``build_scenario()`` returns frozen values that the
demo loader feeds through the registry services. Every person is fictional.
"""

from homeward_core.demo.people import DECLARED_FIELDS, DemoPerson
from homeward_core.demo.scenario import (
    DEMO_NOTICE,
    REFERENCE_DATE,
    Scenario,
    SideCounts,
    build_scenario,
)

__all__ = [
    "DECLARED_FIELDS",
    "DEMO_NOTICE",
    "REFERENCE_DATE",
    "DemoPerson",
    "Scenario",
    "SideCounts",
    "build_scenario",
]
