"""One linkage run over generated lists with hand-made hard cases, shared by the accuracy tests.

Each run trains a model (a few seconds), so the tests share it.
"""

from __future__ import annotations

import pytest

from homeward_core.linkage import Candidate, Record, link, synthetic

# Hard cases added to the generated lists (all fictional).
CROSS_SCRIPT = [
    (Record("A-x1", "Коваленко", "Олександр", "Петрович", "14.02.1991", "в/ч А4711"),
     Record("B-x1", "Kovalenko", "Aleksandr", "Petrovich", "1991-02-14", "military unit A4711")),
    (Record("A-x2", "Гаєвський", "Микола", "Іванович", "03.07.1985", ""),
     Record("B-x2", "Гаевский", "Николай", "Иванович", "07.03.1985", "А-4712")),
    (Record("A-x3", "Шевчук", "Юрій", "", "1979", "А4713"),
     Record("B-x3", "Schewtschuk", "Jurij", "Wassyljowytsch", "21.09.1979", "A-4713")),
]
# Brothers: same surname, patronymic and unit, close birth dates; each on one list only.
BROTHERS = (Record("A-br", "Тимошенко", "Андрій", "Васильович", "11.05.1996", "в/ч А4714"),
            Record("B-br", "Тимошенко", "Дмитрий", "Васильевич", "1998-08-02", "А4714"))


@pytest.fixture(scope="session")
def generated() -> synthetic.LinkedLists:
    lists = synthetic.linked_lists(2500, 2500, 1250, seed=7)
    left = lists.left + [pair[0] for pair in CROSS_SCRIPT] + [BROTHERS[0]]
    right = lists.right + [pair[1] for pair in CROSS_SCRIPT] + [BROTHERS[1]]
    truth = lists.true_pairs | {(a.record_id, b.record_id) for a, b in CROSS_SCRIPT}
    return synthetic.LinkedLists(left, right, frozenset(truth))


@pytest.fixture(scope="session")
def links(generated: synthetic.LinkedLists) -> list[Candidate]:
    return link(generated.left, generated.right)
