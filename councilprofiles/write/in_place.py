"""Rewriting a site in place, file by file: what a long-running build (the preview) does after a
save, where `site.write_site`'s staging and swap of the whole site would take seconds."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..render.outputs import Output


class Interrupted(Exception):
    """A rewrite stopped early for a newer save; `written` are the files it had rewritten."""

    def __init__(self, written: set[str]) -> None:
        super().__init__(f"stopped after {len(written)} files")
        self.written = written


def write_changed(outputs: Iterable[Output], output: Path, interrupted: Callable[[], bool] = lambda: False) -> set[str]:
    """Rewrite only files whose bytes differ, each atomically; a full build removes stale files.
    Raises Interrupted (with the files written so far) as soon as `interrupted` says so."""
    written: set[str] = set()
    for item in outputs:
        if interrupted():
            raise Interrupted(written)
        name, data = item.path, item.make()
        target = output / name
        try:
            if target.read_bytes() == data:
                continue
        except OSError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        try:
            temporary.write_bytes(data)
            os.replace(temporary, target)
        finally:  # stopped between the two (the preview stopping), no stray file is left in the site
            temporary.unlink(missing_ok=True)
        written.add(name)
    return written
