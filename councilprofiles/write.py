"""Write: the rendered files → `site/`, all at once or not at all.

The new site is written into a temporary folder beside the output and swapped in
only when complete. On Linux the swap is one atomic `renameat2(RENAME_EXCHANGE)`,
so the output is always either the whole old site or the whole new one, even if
the build is killed. Leftovers from a killed build are cleared by the next one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

STAGING_PREFIX = ".staging-"
RETIRED_PREFIX = ".retired-"
RENAME_EXCHANGE = 2
AT_FDCWD = -100


def write_site(files: dict[str, bytes], output: Path, finalize: Callable[[Path], None] | None = None) -> None:
    """Replace `output` with exactly `files`; leave it untouched if anything fails first.

    `finalize` runs on the complete staged site before the swap (the search index is
    built there), so what it adds is swapped in with the rest, or not at all.
    """
    output = output.absolute()
    output.parent.mkdir(parents=True, exist_ok=True)
    clear_leftovers(output)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{output.name}-", dir=output.parent))
    try:
        for relative in sorted(files):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[relative])
        if finalize is not None:
            finalize(staging)
        staging.chmod(0o755)
        swap_in(staging, output)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def swap_in(staging: Path, output: Path) -> None:
    """Put `staging` where `output` is; what was there is removed afterwards."""
    if not output.exists():
        os.rename(staging, output)
        return
    if exchange(staging, output):
        shutil.rmtree(staging)  # after the exchange, staging holds the old site
        return
    # Without an atomic exchange: move the old site aside, then the new one in.
    retired = output.parent / f"{RETIRED_PREFIX}{output.name}-{os.getpid()}"
    os.rename(output, retired)
    os.rename(staging, output)
    shutil.rmtree(retired, ignore_errors=True)


def exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    return result == 0


def clear_leftovers(output: Path) -> None:
    """Remove what a killed build left beside the output; restore the output if it went missing."""
    retired = sorted(output.parent.glob(f"{RETIRED_PREFIX}{output.name}-*"))
    if not output.exists() and retired:
        os.rename(retired[-1], output)
        retired = retired[:-1]
    for leftover in [*output.parent.glob(f"{STAGING_PREFIX}{output.name}-*"), *retired]:
        shutil.rmtree(leftover, ignore_errors=True)
