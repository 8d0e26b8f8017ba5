"""Property: any generated roster is either committed whole or rejected with nothing written."""

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homeward.registry import imports
from homeward.registry.models import Declaration
from tests.imports.helpers import upload

CYRILLIC = st.characters(min_codepoint=0x400, max_codepoint=0x4FF)
NAMEISH = st.text(alphabet=st.one_of(CYRILLIC, st.sampled_from("abcXYZ -'ʼ=+@;,\"\n\t\x00é1")), max_size=12)
DATEISH = st.one_of(st.just(""), st.dates().map(lambda d: d.strftime("%d.%m.%Y")), st.text(max_size=10))
ROW = st.tuples(NAMEISH, NAMEISH, NAMEISH, DATEISH)


def _roster(rows, encoding):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Прізвище", "Ім'я", "По батькові", "Дата народження"])
    writer.writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, max_size=8), encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1251", "koi8_u", "utf-16"]))
def test_a_generated_roster_is_all_or_nothing(world, rows, encoding):
    before = Declaration.objects.count()
    batch, new = upload(world.alice, world.party_a, _roster(rows, encoding))
    if not new:
        return
    batch = imports.import_check(batch=batch, acting_user=world.alice)
    if batch.state == "validated":
        batch = imports.import_request_commit(batch=batch, acting_user=world.alice)
        batch = imports.import_commit(batch=batch, acting_user=world.alice)
        assert Declaration.objects.count() - before == batch.row_count
    else:
        assert batch.state == "rejected"
        assert batch.file_error or batch.report
        assert all(set(p) == {"row", "field", "reason", "said"} for p in batch.report)
        assert Declaration.objects.count() == before
