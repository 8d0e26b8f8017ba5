"""Small rosters for import tests."""

import io

from homeward.registry import imports

HEADER = "Номер запису,Прізвище,Ім'я,По батькові,Дата народження,Статус\n"


def roster(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return (header + "".join(row + "\n" for row in rows)).encode(encoding)


def upload(user, party, data: bytes, *, filename: str = "roster.csv", kind: str = "held", encoding: str = ""):
    return imports.import_upload(party=party, kind=kind, source=io.BytesIO(data), filename=filename,
                                 encoding_choice=encoding, acting_user=user)


def upload_and_check(user, party, data: bytes, **kwargs):
    batch, _ = upload(user, party, data, **kwargs)
    return imports.import_check(batch=batch, acting_user=user)


def commit(user, batch):
    batch = imports.import_request_commit(batch=batch, acting_user=user)
    return imports.import_commit(batch=batch, acting_user=user)
