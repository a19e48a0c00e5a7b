"""Writing exports so that nothing half-written is ever left where a reader would find it."""

import os
import shutil
import tempfile
from pathlib import Path

FILE_MODE = 0o644  # exports are for sharing; a temporary file starts out private (0600)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    A rename within one folder is atomic, so ``path`` holds either its old content or all of
    the new; on any error the temporary file is removed and the error raised.
    """
    path = Path(path)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, before the rename
        dir=path.parent, prefix=f".{path.name}.", suffix=".part", delete=False
    )
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, FILE_MODE)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def write_folder_atomic(folder: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` into ``folder``. A new folder appears complete or not at all; in an
    existing folder each file is replaced atomically (other files in it are left alone).
    """
    folder = Path(folder)
    if folder.is_dir():
        for name, data in files.items():
            write_atomic(folder / name, data)
        return
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".part"))
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
            os.chmod(staging / name, FILE_MODE)
        os.chmod(staging, 0o755)  # noqa: S103 - mkdtemp made it private; it is for sharing
        os.replace(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
