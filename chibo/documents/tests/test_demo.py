"""The demo library: documents published at the root and a study assignment partly done."""

from __future__ import annotations

import pytest

from chibo.documents import selectors
from chibo.documents.demo import DOCUMENTS, demo_documents
from chibo.documents.models import Document, StudyAssignment, StudyRecord

pytestmark = pytest.mark.django_db


def test_demo_documents(tree, django_assert_max_num_queries):
    with django_assert_max_num_queries(400):
        done = demo_documents()
    assert done["documents"] == Document.objects.count() == len(DOCUMENTS) + 1
    assert Document.objects.filter(unit=tree.root, file="").count() == len(DOCUMENTS)  # one has a file
    assignment = StudyAssignment.objects.get()
    assert done["studied"] == StudyRecord.objects.count() > 0
    total = selectors.completion(assignment).total
    assert total.done == done["studied"] and 0 < total.percent < 100
