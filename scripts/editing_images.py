"""Take the pictures in docs/images/ that docs/editing.md walks an editor through a pull request
with, in headless Chromium, from the real content:

- `changes-comment.png`: the comment a pull request gets (as pages.yml writes it: the preview's
  link, then `build.py changes --format markdown`), rendered, for a real change from this
  repository's history (CHANGE: Wandsworth's 2015 grade for children looked after, checked
  against Ofsted's report, with the dates and quotations checked with it);
- `preview-home.png` and `preview-council.png`: the site built as that pull request's preview
  (`--preview`, under `previews/pr-42/`): its home page, and Wandsworth's grades over time with
  the grade that change gave.

    python scripts/editing_images.py
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import markdown
from playwright.sync_api import Locator, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
CHANGE = "ae68352"  # a commit of content/ only, in the history of main
NUMBER = 42
PAGES_URL = "https://example.org/profiles/"  # content/site.yaml's base_url
PREVIEW_PATH = f"previews/pr-{NUMBER}/"
# A pull request's comment, drawn plainly: a box, the system's font, GitHub's Markdown features
# (tables, strikethrough), nothing that claims to be GitHub's own page.
COMMENT_STYLE = """
body { font: 14px/1.5 system-ui, sans-serif; margin: 0; padding: 12px; background: #f6f8fa; color: #1f2328; }
article { max-width: 720px; background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 4px 20px; }
header { margin: 0 -20px; padding: 8px 20px; border-bottom: 1px solid #d0d7de; background: #f6f8fa; font-size: 14px; }
h2 { font-size: 20px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
h3 { font-size: 16px; margin-bottom: 4px; }
a { color: #0969da; }
code { background: #eff1f3; padding: 1px 4px; border-radius: 4px; font-size: 13px; }
ul { padding-left: 24px; margin-top: 4px; }
"""


def run(*arguments: str) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *arguments], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    if result.returncode != 0:
        sys.exit(f"build.py {arguments[0]} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def comment_html(preview_url: str) -> str:
    """The comment pages.yml writes (its marker left out: an HTML comment, never shown)."""
    changes = run("changes", f"{CHANGE}~1", CHANGE, "--format", "markdown", "--base-url", preview_url)
    text = f"**Preview:** {preview_url} (removed when this pull request closes)\n\n{changes}"
    body = markdown.markdown(text, extensions=["tables", "sane_lists", StrikeThrough()])
    return (
        f"<!doctype html><meta charset=utf-8><style>{COMMENT_STYLE}</style>"
        f"<article><header>The pull request's comment, from <code>pages.yml</code></header>{body}</article>"
    )


class StrikeThrough(markdown.Extension):
    """GitHub's `~~struck~~`, which Python-Markdown does not read by itself."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        from markdown.inlinepatterns import SimpleTagInlineProcessor

        md.inlinePatterns.register(SimpleTagInlineProcessor(r"()~~(.+?)~~", "del"), "strikethrough", 40)


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """`folder` over HTTP on a free local port (the pages' security policy needs an origin)."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        thread.join(timeout=10)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


def shoot(what: Page | Locator, name: str, **options: object) -> None:
    """A screenshot of a page's window (or all of it) or of one element, saved as `name`."""
    path = OUT / name
    what.screenshot(path=str(path), **options)
    print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    preview_url = PAGES_URL + PREVIEW_PATH
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        site = folder / "profiles" / PREVIEW_PATH
        run(
            "build", "--no-cache", "--output", str(site), "--base-url", preview_url,
            "--preview", f"pull request {NUMBER}",
        )  # fmt: skip
        (folder / "comment.html").write_text(comment_html(preview_url), encoding="utf-8")
        with served(folder) as address, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 748, "height": 400})
            page.goto(address + "comment.html")
            shoot(page, "changes-comment.png", full_page=True)
            page = browser.new_page(viewport={"width": 1100, "height": 560})
            page.goto(f"{address}profiles/{PREVIEW_PATH}")
            shoot(page, "preview-home.png")
            page.goto(f"{address}profiles/{PREVIEW_PATH}councils/wandsworth/")
            shoot(page.locator("section[aria-labelledby=grades]"), "preview-council.png")
            browser.close()


if __name__ == "__main__":
    main()
