"""A roster kept on a storage without local files (object storage such as S3, whose ``path()``
raises NotImplementedError): the background check reads a temporary copy of it
(``services._local_file``) and finds the same rows as from a local file."""

from __future__ import annotations

import pytest
from django.db.models.fields.files import FieldFile

from chibo.exchange import services
from chibo.exchange.tests import jobs

pytestmark = pytest.mark.django_db


def _no_local_path(self: FieldFile) -> str:
    raise NotImplementedError("This backend doesn't support absolute paths.")


def test_a_roster_on_a_storage_without_paths_is_read_from_a_temporary_copy(tree, monkeypatch):
    local = services.import_job_check(
        actor=None, job=services.import_job_create(actor=None, unit=tree.a, upload=jobs.upload())
    )
    job = services.import_job_create(actor=None, unit=tree.a, upload=jobs.upload())
    with job.file.open("rb") as stored:
        content = stored.read()
    monkeypatch.setattr(FieldFile, "path", property(_no_local_path))

    with services._local_file(job) as path, open(path, "rb") as copy:
        assert copy.read() == content

    checked = services.import_job_check(actor=None, job=job)
    seen = (checked.state, checked.rows_total, checked.rows_invalid, checked.preview, checked.problem)
    assert seen == (local.state, local.rows_total, local.rows_invalid, local.preview, local.problem)
    assert checked.rows_total == 2
