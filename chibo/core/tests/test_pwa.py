"""The installable handbook (chibo.core.pwa): the service worker, the manifest, the offline pages."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.urls import reverse
from django.utils import translation
from django.utils.functional import empty
from PIL import Image

from chibo.core import pwa
from chibo.core.testing import user_with_role
from chibo.portal.tests.factories import linked_user

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
    assert config["offlineCheckin"] == "/offline/checkin/"
    assert config["logout"] == reverse("accounts:logout")
    # a sign-in or an account activation posted on the phone wipes it like a sign-out (shared phones)
    assert config["signin"] == [reverse("accounts:login"), reverse("portal:activate")]
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


def test_the_workers_own_answers_are_translated(client):
    # when even the stored offline pages are missing, the worker answers with these texts
    config = _config(client.get("/sw.js").content.decode())
    assert config["texts"] == {"offline": "Không có mạng", "saved": "Đã lưu điểm danh"}
    with translation.override("en"):
        assert pwa.worker_config()["texts"] == {"offline": "No connection", "saved": "Sign-in saved"}
    with open(finders.find(pwa.SW_SOURCE), encoding="utf-8") as handle:
        source = handle.read()
    assert "new Response('" not in source  # no English text of its own
    assert "CONFIG.texts.offline" in source and "CONFIG.texts.saved" in source


OFFLINE_PAGES = ["core:offline", "core:offline_queued", "core:offline_checkin"]


@pytest.mark.parametrize("name", OFFLINE_PAGES)
def test_the_offline_pages_are_public_and_translated(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'lang="vi"' in text
    if name == "core:offline":
        assert 'id="offline"' in text
        assert '<h1 class="h3"><i class="bi bi-wifi-off" aria-hidden="true"></i> Không có mạng</h1>' in text
    elif name == "core:offline_queued":
        assert 'id="checkin-queued"' in text
        assert "Lượt điểm danh của đồng chí đã được lưu trên điện thoại này" in text
    else:
        assert "<title>Điểm danh dự sinh hoạt · chibo</title>" in text and "Không có mạng</h1>" in text
        assert 'id="offline-checkin-window"' in text


def test_the_offline_check_in_page_posts_to_the_address_the_phone_opened(client):
    text = client.get(reverse("core:offline_checkin")).content.decode()
    page = text[text.index('id="offline-checkin"') :]
    # no action: the form posts to the check-in URL the worker answered for
    assert re.findall(r"<form[^>]*>", page) == ['<form method="post">']
    form = page[page.index('<form method="post">') : page.index("</form>")]
    assert 'name="csrfmiddlewaretoken"' in form  # refreshed by the replay when stale (403)
    assert 'type="submit" id="checkin">Tôi có mặt</button>' in form


@pytest.mark.parametrize("name", OFFLINE_PAGES)
def test_the_offline_pages_show_nothing_of_who_asked(client, tree, name):
    # stored on a shared phone for whoever uses it next: the same page as for nobody
    user = linked_user(tree.a1, "dangvien-x")
    member = user.member
    client.force_login(user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-user=""' in text
    assert f'data-user="{user.pk}"' not in text
    assert user.username not in text
    assert member.full_name not in text
    assert "data-pwa-signout" not in text


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
