import pytest

from homeward_core.names import match_key, to_cyrillic


@pytest.fixture(autouse=True, scope="session")
def name_indexes_built() -> None:
    """Build the name indexes (a fraction of a second, once per process) before any timed example."""
    for part in ("surname", "given", "patronymic"):
        match_key("Іван", part), match_key("Олексамдрович", part)
    to_cyrillic("Ivan", "uk")
