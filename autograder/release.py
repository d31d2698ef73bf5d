"""Building ``release/`` from ``source/`` with nbgrader's generate_assignment.

A throw-away gradebook is used, so a release can always be rebuilt, even
when the course gradebook already holds submissions (nbgrader refuses to
change the cells of an assignment that has submissions).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from autograder.settings import ROOT, released_chapters


def build_release(chapters: list[str] | None = None, out_dir: Path | None = None,
                  root: Path = ROOT) -> dict[str, Path]:
    """Generate the student version of each chapter into ``out_dir`` (default ``release/``)."""
    from autograder.grading import load_config, make_api

    chapters = chapters or released_chapters(root)
    out_dir = Path(out_dir) if out_dir else root / "release"
    built = {}
    with tempfile.TemporaryDirectory(prefix="kefu-release-") as tmp:
        config = load_config(root, release_directory=str(Path(tmp) / "release"),
                             db_url=f"sqlite:///{Path(tmp) / 'gradebook.db'}")
        api = make_api(config)
        for chapter in chapters:
            result = api.generate_assignment(chapter, force=True, create=True)
            if not result.get("success"):
                raise RuntimeError(f"生成 {chapter} 的学生版失败：\n{result.get('log', '')}")
            target = out_dir / chapter
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(Path(tmp) / "release" / chapter, target)
            built[chapter] = target
    return built


if __name__ == "__main__":
    for chapter, path in build_release().items():
        print(f"{chapter} → {path}")
