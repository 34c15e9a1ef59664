"""The demo notices and news: posts at the root, approved comments, counted views."""

from __future__ import annotations

import pytest

from chibo.handbook.demo import POSTS, demo_handbook
from chibo.handbook.models import Comment, Post, PostView

pytestmark = pytest.mark.django_db


def test_demo_handbook(tree, django_assert_max_num_queries):
    with django_assert_max_num_queries(400):
        done = demo_handbook()
    assert done["posts"] == Post.objects.filter(unit=tree.root).count() == len(POSTS)
    assert (
        done["comments"] == Comment.objects.filter(state="approved").count() == sum(len(p[4]) for p in POSTS)
    )
    assert done["views"] == PostView.objects.count() > 0
    assert Post.objects.filter(pinned=True).count() == 1
