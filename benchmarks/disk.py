"""Cold builds start on a disk that has settled since the last site was deleted.

ext4 without a journal (this machine's disk, and some cloud VMs') passes over the inode of a file
deleted in the last `vm.dirty_expire_centisecs` (30 s) when it allocates one for a new file, and
looks each one up to do so. A build creating thousands of files just after thousands were deleted
pays for that in the kernel: at 1,530 councils our cold build took 13-16 processor seconds of
system time straight after the last site was removed, and 7.7-8.6 when started 40 s later. The
tool that deletes and creates the most files pays the most, so a benchmark deleting each output
just before timing its build measures the disk's bookkeeping, not the tools. Journalled ext4 (and
the other filesystems an editor's machine or a CI runner uses) make no such check.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterable
from pathlib import Path


def mount_of(path: Path) -> tuple[str, str]:
    """The device and filesystem type of the mount holding `path`."""
    path = path.resolve()
    best = ("", "", "")
    for line in Path("/proc/mounts").read_text().splitlines():
        device, point, kind = line.split()[:3]
        if (path == Path(point) or Path(point) in path.parents) and len(point) > len(best[1]):
            best = (device, point, kind)
    return best[0], best[2]


def deletions_linger(path: Path) -> bool:
    """Whether new files under `path` are slowed by recently deleted ones: ext4 with no journal."""
    try:
        device, kind = mount_of(path)
    except OSError:
        return False
    name = os.path.basename(device)
    return kind == "ext4" and not any(Path("/proc/fs/jbd2").glob(f"{name}-*"))


def linger_seconds() -> float:
    try:
        return int(Path("/proc/sys/vm/dirty_expire_centisecs").read_text()) / 100
    except (OSError, ValueError):
        return 30.0


def clear_and_settle(paths: Iterable[Path]) -> None:
    """Delete `paths`, then, where deleted files linger on this disk, wait until they no longer do."""
    paths = list(paths)
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)
    if paths and deletions_linger(paths[0].parent):
        os.sync()
        time.sleep(linger_seconds() + 1)
