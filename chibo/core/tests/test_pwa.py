"""The installable handbook (chibo.core.pwa): the service worker, the manifest, the offline pages."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.urls import reverse
from django.utils.functional import empty
from PIL import Image

from chibo.core import pwa
from chibo.core.testing import user_with_role

pytestmark = pytest.mark.django_db


def _config(body: str) -> dict:
    found = re.search(r"const CONFIG = (\{.*?\});\n", body)
    assert found, "the settings were not written into the worker"
    return json.loads(found.group(1))


def test_the_worker_is_served_from_the_root_as_javascript_never_cached(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert pwa.PLACEHOLDER not in body
    config = _config(body)
    assert config["offline"] == "/offline/" and config["queued"] == "/offline/queued/"
    assert config["logout"] == reverse("accounts:logout")
    assert "/static/chibo/chibo.css" in config["shell"] and "/static/pwa/register.js" in config["shell"]
    assert len(config["version"]) == 12


def test_the_worker_names_the_hashed_static_files_of_a_release(client, tmp_path, settings):
    # a release: collectstatic wrote the manifest of hashed names that static() reads
    hashed = {name: name.replace(".", ".abc123.", 1) for name in pwa.SHELL_STATIC}
    (tmp_path / "staticfiles.json").write_text(json.dumps({"paths": hashed, "version": "1.1"}))
    storage = {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": storage}
    staticfiles_storage._wrapped = empty
    try:
        config = _config(client.get("/sw.js").content.decode())
    finally:
        staticfiles_storage._wrapped = empty
    assert "/static/chibo/chibo.abc123.css" in config["shell"]
    assert "/static/pwa/register.abc123.js" in config["shell"]
    assert config["static"] == "/static/"


def test_every_file_the_worker_stores_at_install_exists():
    # one missing file and the worker never installs (cache.addAll fails as a whole)
    assert [name for name in pwa.SHELL_STATIC if not finders.find(name)] == []


def _keeps(path: str) -> bool:
    return any(re.search(p, path) for p in pwa.offline_patterns())


def test_only_the_members_own_pages_may_be_kept_offline():
    kept = [
        "/me/",
        "/me/meetings/",
        "/me/meetings/12/",
        "/me/materials/7/",
        "/documents/library/",
        "/documents/library/3/",
        "/documents/library/3/file/",
        "/handbook/news/",
        "/handbook/news/5/",
        "/handbook/news/5/files/2/",
        "/handbook/inbox/",
        "/meetings/checkin/abcDEF123/",
    ]
    never = [
        "/me/sensitive/",  # the unmasked CCCD
        "/me/correct/",
        "/me/requests/",
        "/me/meetings/12/attendance/",
        "/api/v1/me/",
        "/api/v1/documents/",
        "/admin/",
        "/accounts/login/",
        "/accounts/logout/",
        "/members/",
        "/members/4/",
        "/documents/",
        "/documents/3/",
        "/handbook/",
        "/meetings/12/",
        "/",
        "/me/meetings/12/../../sensitive/",
    ]
    assert [p for p in kept if not _keeps(p)] == []
    assert [p for p in never if _keeps(p)] == []


def test_the_worker_keeps_its_rules_in_the_served_settings(client):
    body = client.get("/sw.js").content.decode()
    config = _config(body)
    assert config["pages"] == pwa.offline_patterns()
    assert re.search(config["checkin"], reverse("meetings:checkin", args=["tok-en_1"]))
    assert config["maxPages"] == 60
    for needed in ("'sync'", "'checkin'", "indexedDB", "made_at", "clearAll", "credentials: 'omit'"):
        assert needed in body


def test_the_manifest_is_valid_and_its_icons_exist():
    path = finders.find("pwa/manifest.webmanifest")
    assert path
    with open(path, encoding="utf-8") as handle:
        manifest = json.load(handle)
    assert manifest["short_name"] == "chibo" and manifest["name"] == "Sổ tay đảng viên · chibo"
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == ("/me/", "/", "standalone")
    assert manifest["theme_color"] == "#b4151b"  # --chibo-red in chibo.css
    with open(finders.find("chibo/chibo.css"), encoding="utf-8") as handle:
        assert manifest["theme_color"] in handle.read()
    sizes = set()
    for icon in manifest["icons"]:
        file = finders.find(f"pwa/{icon['src']}")
        assert file, icon["src"]
        with Image.open(file) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"] and image.format == "PNG"
        sizes.add((icon["sizes"], icon.get("purpose", "any")))
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


@pytest.mark.parametrize("name", ["core:offline", "core:offline_queued"])
def test_the_offline_pages_are_public_and_translated(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'lang="vi"' in text
    if name == "core:offline":
        assert ('id="offline"' in text and "Không có kết nối" in text) or "No connection" in text
    else:
        assert 'id="checkin-queued"' in text


def test_the_offline_pages_show_nothing_of_who_asked(client, tree):
    user = user_with_role("secretary-x", "secretary", tree.a)
    client.force_login(user)
    assert client.get(reverse("core:offline")).status_code == 200  # signed in: the same page


def test_every_page_links_the_manifest_and_registers_the_worker(client, tree):
    user = user_with_role("viewer-x", "viewer", tree.a)
    client.force_login(user)
    text = client.get(reverse("core:dashboard")).content.decode()
    assert 'rel="manifest" href="/static/pwa/manifest.webmanifest"' in text
    assert '<meta name="theme-color" content="#b4151b">' in text
    assert 'rel="apple-touch-icon"' in text
    assert 'src="/static/pwa/register.js" data-sw="/sw.js"' in text
    assert f'data-user="{user.pk}"' in text
    assert "data-pwa-signout" in text  # the sign-out form wipes the phone's copies first


def test_the_sign_in_page_registers_the_worker_for_nobody(client):
    text = client.get(reverse("accounts:login")).content.decode()
    assert 'rel="manifest"' in text and 'data-user=""' in text
