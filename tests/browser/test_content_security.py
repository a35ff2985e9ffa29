"""The pages' Content-Security-Policy (templates/base.html), in Chromium: markup that got past
every other guard runs no script, and the site's own scripts, search among them, still work."""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import NamedTuple

import pytest
from playwright.sync_api import Browser, expect
from support import FIXTURE_CONTENT, build
from test_every_page import QuietHandler

POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)
POLICY_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
# Each refusal the policy makes, as the page's own `securitypolicyviolation` events report it.
RECORD_VIOLATIONS = """
window.violations = [];
document.addEventListener("securitypolicyviolation", event => window.violations.push(event.violatedDirective));
"""
INJECTED = (
    '<script>window.inlineScriptRan = true;</script><img src="missing.png" alt="" onerror="window.onerrorRan = true">'
)


class Served(NamedTuple):
    site: Path
    address: str
    pages: list[Path]  # the pages the build made (a test adds its own)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The fixture site, built and served over HTTP at /profiles/ as it is deployed."""
    site = tmp_path_factory.mktemp("policy") / "profiles"
    build(FIXTURE_CONTENT, site)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site.parent)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield Served(site, f"http://127.0.0.1:{server.server_address[1]}/profiles/", sorted(site.rglob("*.html")))
    server.shutdown()
    server.server_close()


def test_every_page_carries_the_policy_first_in_its_head(served: Served) -> None:
    """Before anything it governs: a policy in a <meta> applies only to what comes after it."""
    assert len(served.pages) > 10
    for path in served.pages:
        head = path.read_text(encoding="utf-8").split('<meta charset="utf-8">\n', 1)[1]
        assert POLICY_META.match(head) and POLICY_META.match(head).group(1) == POLICY, path  # type: ignore[union-attr]


def test_an_injected_inline_script_and_event_handler_are_refused(served: Served, browser: Browser) -> None:
    """Markup that a sanitiser let through (or a future template mistake) is written into a built
    council page: without the policy it runs, with it the browser refuses both."""
    site, address, _ = served
    council = (site / "councils/northby/index.html").read_text(encoding="utf-8")
    assert POLICY_META.search(council)
    injected = council.replace("</main>", INJECTED + "</main>", 1)
    (site / "councils/northby/injected.html").write_text(injected, encoding="utf-8")
    (site / "councils/northby/unprotected.html").write_text(POLICY_META.sub("", injected), encoding="utf-8")
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()

    page.goto(address + "councils/northby/unprotected.html")  # the check can fail: unprotected, both run
    page.wait_for_function("() => window.inlineScriptRan === true && window.onerrorRan === true", timeout=10_000)

    page.goto(address + "councils/northby/injected.html")
    page.wait_for_function("() => window.violations.length >= 2", timeout=10_000)  # both refused, and reported
    assert sorted(page.evaluate("() => window.violations")) == ["script-src-attr", "script-src-elem"]
    assert page.evaluate("() => [window.inlineScriptRan, window.onerrorRan]") == [None, None]
    expect(page.locator("h1")).to_have_text("Northby")  # the page itself is shown
    context.close()


def test_search_and_every_page_work_under_the_policy(served: Served, browser: Browser) -> None:
    """The policy refuses nothing of the site's own: no page reports a refusal, the search page
    marks itself as running scripts, and Pagefind (a worker, WebAssembly) answers a search."""
    site, address, pages = served
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    refused = {}
    for path in pages:
        page.goto(address + path.relative_to(site).as_posix().removesuffix("index.html"))
        page.wait_for_load_state("networkidle")
        if violations := page.evaluate("() => window.violations"):
            refused[path.relative_to(site).as_posix()] = violations
    assert refused == {}

    page.goto(address + "search/?q=academy")
    assert "js" in page.evaluate("() => document.documentElement.className").split()
    expect(page.locator("[data-search-fallback]")).to_be_hidden()
    expect(page.locator(".search-hits a").first).to_have_text("Northby")  # found in the words, by Pagefind
    assert page.evaluate("() => window.violations") == []
    context.close()
