"""The preview server, end to end in a real browser, as an editor uses it."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect
from support import ROOT, free_port, replace_once, tree_digest

if TYPE_CHECKING:
    from councilprofiles.pipeline import Project


@pytest.fixture
def preview(content: Path, tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    """A running `build.py serve` on a copy of the fixture content, and its address."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "serve",
            "--content",
            str(content),
            "--output",
            str(tmp_path / "site"),
            "--templates",
            str(ROOT / "templates"),
            "--static",
            str(ROOT / "static"),
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "profiles/", timeout=1)
            break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    yield url, content, server
    if server.poll() is None:
        server.kill()
        server.wait()


def settle(page: Page) -> None:
    """Wait until the page's livereload connection is open, so the next reload is this page's."""
    page.wait_for_function(
        "() => window.LiveReload && window.LiveReload.connector && window.LiveReload.connector.socket"
        " && window.LiveReload.connector.socket.readyState === 1"
    )


def fixture_project(content: Path, output: Path) -> Project:
    """A build of `content` with the repository's templates and static files, into `output`."""
    from councilprofiles.pipeline import Project

    return Project(content=content, output=output, templates=ROOT / "templates", static=ROOT / "static")


def test_save_reloads_the_page_errors_show_in_the_browser_and_a_fix_brings_it_back(
    preview: tuple[str, Path, subprocess.Popen[str]], page: Page
) -> None:
    url, content, server = preview
    page.goto(url)  # the site is served under base_url's path, /profiles/
    assert page.url == url + "profiles/"
    page.goto(url + "profiles/councils/northby/")
    expect(page.locator("h1")).to_have_text("Northby")
    settle(page)

    council = content / "councils/northby/council.yaml"
    replace_once(council, "name: Northby", "name: Northby Borough")
    expect(page.locator("h1")).to_have_text("Northby Borough", timeout=10_000)  # reloaded by itself
    settle(page)

    replace_once(council, "type: sif\n", "type: sif-inspection\n")
    expect(page.locator("h1")).to_have_text("Fix this problem and save", timeout=10_000)
    error = page.locator("main li").first.inner_text()
    assert "councils/northby/council.yaml:30:11" in error
    assert "'sif-inspection' is not a known inspection type" in error
    settle(page)

    replace_once(council, "type: sif-inspection\n", "type: sif\n")
    expect(page.locator("h1")).to_have_text("Northby Borough", timeout=10_000)

    server.send_signal(signal.SIGINT)
    try:
        output, _ = server.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        pytest.fail(f"the preview did not stop within 10 s of Ctrl-C; it printed:\n{server.communicate()[0]}")
    assert server.returncode == 0
    assert "Traceback" not in output and "Preview stopped." in output


def test_preview_listens_on_loopback_and_serves_nothing_outside_the_site(
    preview: tuple[str, Path, subprocess.Popen[str]],
) -> None:
    url, _, _ = preview
    for attack in ("profiles/../../etc/passwd", "profiles/%2e%2e/%2e%2e/etc/passwd", "profiles/..%2f..%2fbuild.py"):
        request = urllib.request.Request(url + attack)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code in (400, 404)
        assert b"root:" not in refused.value.read()
    port = int(url.rsplit(":", 1)[1].strip("/"))
    assert listening_addresses(port) == {"127.0.0.1"}


def listening_addresses(port: int) -> set[str]:
    """The IPv4 addresses a TCP port listens on, read from the kernel's table."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, port_hex = local.split(":")
        if state == "0A" and int(port_hex, 16) == port:
            found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


def test_a_burst_of_requests_during_rebuilds_gets_only_complete_pages(
    preview: tuple[str, Path, subprocess.Popen[str]],
) -> None:
    url, content, _ = preview
    council = content / "councils/northby/council.yaml"

    def fetch(_: int) -> bytes:
        with urllib.request.urlopen(url + "profiles/councils/northby/", timeout=10) as response:
            assert response.status == 200
            return response.read()

    with ThreadPoolExecutor(8) as pool:
        for round_number in range(3):
            replace_once(
                council,
                "name: Northby" if round_number == 0 else f"name: Northby {round_number}",
                f"name: Northby {round_number + 1}",
            )
            pages = list(pool.map(fetch, range(40)))
            assert all(body.rstrip().endswith(b"</html>") for body in pages)


def test_a_save_is_rebuilt_with_no_browser_open(
    preview: tuple[str, Path, subprocess.Popen[str]], tmp_path: Path
) -> None:
    url, content, server = preview
    replace_once(content / "councils/northby/council.yaml", "name: Northby", "name: Northby Saved")
    target = tmp_path / "site/councils/northby/index.html"
    for _ in range(100):
        if "Northby Saved" in target.read_text(encoding="utf-8"):
            break
        time.sleep(0.05)
    assert "Northby Saved" in target.read_text(encoding="utf-8")
    assert "Northby Saved" in urllib.request.urlopen(url + "profiles/councils/northby/").read().decode()


def test_the_saved_councils_page_is_written_before_the_pages_listing_every_council(
    content: Path, tmp_path: Path
) -> None:
    from councilprofiles.serve.rebuilds import Preview

    site = tmp_path / "site"
    preview = Preview(fixture_project(content, site))
    preview.rebuild()
    saved = content / "councils/northby/council.yaml"
    replace_once(saved, "name: Northby", "name: Northby Saved")
    written = preview.rebuild({str(saved)})
    assert {"councils/northby/index.html", "index.html", "timeline/index.html"} <= written
    assert "councils/southby/council.json" not in written  # shows nothing of Northby
    council_page = (site / "councils/northby/index.html").stat().st_mtime_ns
    assert council_page <= (site / "index.html").stat().st_mtime_ns
    assert council_page <= (site / "timeline/index.html").stat().st_mtime_ns


def test_a_terminate_signal_stops_the_preview_as_ctrl_c_does(preview: tuple[str, Path, subprocess.Popen[str]]) -> None:
    """A process manager (or a container stopping) sends SIGTERM: the preview stops cleanly."""
    _, _, server = preview
    server.send_signal(signal.SIGTERM)
    output, _ = server.communicate(timeout=10)
    assert server.returncode == 0
    assert "Traceback" not in output and "Preview stopped." in output


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site but its search index (which the preview makes only in a full build)."""
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and not path.relative_to(site).parts[0].startswith("pagefind")
    }


def test_after_each_save_the_preview_holds_the_site_a_full_build_makes(content: Path, tmp_path: Path) -> None:
    """A save rebuilds only what it can change (a narrative, only its council's own pages; a name,
    every page listing the council too), and a rebuild cut short by a newer save is finished by
    the next one: after each, every page is the one a full build makes. No page is left stale."""
    from councilprofiles.pipeline import build_site
    from councilprofiles.serve.rebuilds import Preview

    site = tmp_path / "site"
    preview = Preview(fixture_project(content, site))
    preview.rebuild()
    builds = 0

    def matches_a_full_build() -> None:
        nonlocal builds
        builds += 1
        fresh = tmp_path / f"fresh-{builds}"
        build_site(fixture_project(content, fresh))
        assert site_files(site) == site_files(fresh)

    narrative = content / "councils/northby/profile.md"
    replace_once(narrative, "opened an academy", "opened a social work academy")
    written = preview.rebuild({str(narrative)})
    assert written == {"councils/northby/index.html"}
    matches_a_full_build()

    council = content / "councils/northby/council.yaml"
    replace_once(council, "name: Northby", "name: Northby Borough")
    written = preview.rebuild({str(council)}, interrupted=lambda: True)  # a newer save came at once
    assert written == {"councils/northby/index.html"} and not preview.finished
    southby = content / "councils/southby/profile.md"
    southby.write_text("A sentence saved while Northby's pages were being made.\n", encoding="utf-8")
    preview.rebuild({str(southby)})
    assert preview.finished
    assert "Northby Borough" in (site / "councils/eastby/index.html").read_text(encoding="utf-8")  # a neighbour
    matches_a_full_build()


def test_the_preview_applies_the_sites_settings_as_build_does(content: Path, tmp_path: Path) -> None:
    """site.yaml naming the repository (and no edit address) gives each council's page its "Edit"
    links, naming the branch edits are proposed to: the preview shows them as `build` makes them,
    and every file of its site, search index included, is the one `build` makes."""
    from councilprofiles.pipeline import build_site
    from councilprofiles.serve.rebuilds import Preview

    replace_once(content / "site.yaml", "edit_url: https://example.org/repo/edit/main/\n", "")
    preview = Preview(fixture_project(content, tmp_path / "site"))
    preview.rebuild()
    assert preview.errors == []
    build_site(fixture_project(content, tmp_path / "built"))
    northby = (tmp_path / "site/councils/northby/index.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/repo/edit/main/content/councils/northby/council.yaml"' in northby
    assert tree_digest(tmp_path / "site") == tree_digest(tmp_path / "built")


def test_a_save_is_checked_against_the_other_councils_as_a_full_load_checks_it(content: Path, tmp_path: Path) -> None:
    """A save rebuilds only its council, yet its errors are those `check` and `build` give: a
    misspelt council's name with its suggestion, and two councils each recorded as replacing
    the other (saved one after the other, each file fine by itself)."""
    from councilprofiles.errors import ContentErrors
    from councilprofiles.load.councils import load_content
    from councilprofiles.serve.rebuilds import Preview

    def full_load_errors() -> list[str]:
        with pytest.raises(ContentErrors) as failure:
            load_content(content)
        return [str(error) for error in failure.value.errors]

    preview = Preview(fixture_project(content, tmp_path / "site"))
    preview.rebuild()
    northby, southby = content / "councils/northby/council.yaml", content / "councils/southby/council.yaml"
    record_takeover(northby, "Southby Council", "soutby", "press-release")
    preview.rebuild({str(northby)})
    assert [str(error) for error in preview.errors] == full_load_errors()
    assert "there is no council folder 'soutby' in content/councils/. Did you mean 'southby'?" in str(preview.errors)

    replace_once(northby, "council: soutby", "council: southby")
    preview.rebuild({str(northby)})
    assert preview.errors == []
    record_takeover(southby, "Northby", "northby", "ofsted-2019")
    preview.rebuild({str(southby)})
    assert [str(error) for error in preview.errors] == full_load_errors()
    assert "two councils cannot each replace the other" in str(preview.errors)


def record_takeover(council_file: Path, name: str, slug: str, source: str) -> None:
    """Record in `council_file` that its council took over from council `slug` in April 2013."""
    with council_file.open("a", encoding="utf-8") as file:
        file.write(f"predecessors:\n  - name: {name}\n    council: {slug}\n")
        file.write(f"    date: 2013-04-01\n    sources: [{source}]\n")


def test_a_saved_page_is_swapped_in_place_and_a_page_with_scripts_reloaded_whole(
    preview: tuple[str, Path, subprocess.Popen[str]], page: Page
) -> None:
    """A save updates a page without navigating (quicker, and the reader keeps their place); a page
    running scripts of its own (the home page's filters) is reloaded whole, so they run again."""
    url, content, _ = preview
    page.set_viewport_size({"width": 400, "height": 300})
    page.goto(url + "profiles/councils/northby/")
    settle(page)
    page.evaluate("() => { window.notReloaded = true; window.scrollTo(0, document.body.scrollHeight); }")
    scrolled = page.evaluate("() => window.scrollY")
    assert scrolled > 0
    replace_once(content / "councils/northby/profile.md", "opened an academy", "opened a social work academy")
    expect(page.locator("main")).to_contain_text("opened a social work academy", timeout=10_000)
    assert page.evaluate("() => window.notReloaded === true")
    assert page.evaluate("() => window.scrollY") == scrolled

    page.goto(url + "profiles/")
    settle(page)
    page.evaluate("() => { window.notReloaded = true; }")
    replace_once(content / "councils/northby/council.yaml", "name: Northby", "name: Northby Borough")
    expect(page.locator("main")).to_contain_text("Northby Borough", timeout=10_000)
    assert page.evaluate("() => window.notReloaded") is None


@pytest.mark.parametrize(
    ("prefix", "path", "location"),
    [
        # What the browser asks for //councils, /%2Fcouncils and //static (the server decodes %2F).
        ("/", "//councils", "/councils/"),
        ("/", "//static", "/static/"),
        ("/", "///councils", "/councils/"),
        ("/", "/councils", "/councils/"),
        ("/profiles/", "/profiles//councils", "/profiles/councils/"),
        ("/profiles/", "/profiles", "/profiles/"),
        ("/profiles/", "/", "/profiles/"),
    ],
)
def test_a_redirect_never_leads_to_another_host(tmp_path: Path, prefix: str, path: str, location: str) -> None:
    """`Location: //councils/` is another host's address (http://councils/) to a browser: every
    redirect the preview makes leads to its own folders, by a path starting with one slash."""
    from councilprofiles.pipeline import Project
    from councilprofiles.serve.live_reload import LiveSite
    from councilprofiles.serve.server import make_app

    for folder in ("councils", "static"):
        (tmp_path / "site" / folder).mkdir(parents=True)
    site = LiveSite(Project(output=tmp_path / "site", templates=ROOT / "templates"), prefix)
    site.ready = True
    answered: dict[str, object] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        answered.update(status=status, headers=dict(headers))

    make_app(site)({"PATH_INFO": path}, start_response)
    assert str(answered["status"]).startswith("30")
    assert answered["headers"]["Location"] == location  # type: ignore[index]


MALFORMED_MESSAGES: list[str | bytes] = [
    "not JSON",
    "[1, 2]",
    '"a string"',
    '{"no": "command"}',
    '{"command": 5}',
    '{"command": "info", "url": 5}',
    '{"command": "info", "url": "http://[unclosed"}',
    "[" * 100_000,
    b"\xff\xfe not UTF-8",
]


def test_malformed_live_reload_traffic_is_ignored_in_a_line_with_no_traceback(
    preview: tuple[str, Path, subprocess.Popen[str]],
) -> None:
    """Anything on the machine can reach the live-reload socket: what is not livereload.js's is
    dropped, its connection closed, and the editor's terminal gets one plain line, not a traceback.
    livereload.js's own handshake still works after it."""
    import asyncio

    from tornado.websocket import websocket_connect

    url, _, server = preview
    socket_url = url.replace("http://", "ws://") + "livereload"

    async def exchange() -> object:
        for message in MALFORMED_MESSAGES:
            connection = await websocket_connect(socket_url)
            await connection.write_message(message, binary=isinstance(message, bytes))
            assert await asyncio.wait_for(connection.read_message(), 10) is None  # closed by the server
        connection = await websocket_connect(socket_url)
        await connection.write_message('{"command": "hello", "protocols": []}')
        reply = await asyncio.wait_for(connection.read_message(), 10)
        connection.close()
        return reply

    with ThreadPoolExecutor(1) as thread:  # its own event loop: the browser tests' may be running here
        reply = thread.submit(asyncio.run, exchange()).result(timeout=60)
    assert '"command": "hello"' in str(reply)
    server.send_signal(signal.SIGINT)
    output, _ = server.communicate(timeout=10)
    assert "Traceback" not in output and "Uncaught exception" not in output
    assert output.count("Ignored a live-reload message") == len(MALFORMED_MESSAGES)
