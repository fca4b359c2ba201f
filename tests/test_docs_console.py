"""Every console example of the docs and the README runs, and prints what the page shows
(issue 15 §4).

A ``console`` block is a shell session: lines starting with ``$ `` are commands, the lines
after a command up to the next one are what it prints (standard output and standard error
as a terminal shows them). The commands of one block run in one shell, in a fresh
directory holding the page's inputs (``docs/_examples/<page>/``, shipped with the docs).
A block whose last line is ``...`` shows only the first lines of the output. A block that
shows no output at all illustrates commands without their output: each must still run
(exit 0, or 1 for "findings"), without a traceback.

Blocks that cannot run here, or must not (they rewrite the shipped data), are listed in
``NOT_RUN`` with the reason; a test checks that the list names exactly those blocks, so a
new example cannot be left out silently.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted([*ROOT.joinpath("docs").rglob("*.md"), ROOT / "README.md"])
EXAMPLES = ROOT / "docs" / "_examples"
#: programs a runnable block may call
PROGRAMS = {"qcdc", "cat", "printf", "echo", "head", "sqlite3"}
_END = "@@qcdc-docs-end"

#: (page, first line of the block) → why it is not run
NOT_RUN: dict[tuple[str, str], str] = {
    ("README.md", "python -m pip install . && qcdc report"): "the install lines themselves",
    ("README.md", "qcdc check my-report.toml"): "a list of commands without prompts",
    ("docs/explanation/data-provenance.md", "$ python tasks/regenerate_units.py"): (
        "downloads the sources from the network"
    ),
    ("docs/explanation/performance.md", "git clone"): (
        "clones the repository, makes a venv and installs the peers"
    ),
    ("docs/explanation/performance.md", "python benchmarks/bench_coldstart.py --setup"): (
        "builds a wheel and two venvs, installs the peer"
    ),
    ("docs/explanation/performance.md", "python benchmarks/sweep.py --rev"): (
        "times two source trees for about ten minutes"
    ),
    ("docs/howto/add-an-act.md", "$ python tools/acts/compile.py"): (
        "rewrites the shipped data files"
    ),
    ("docs/howto/add-an-act.md", "$ python tools/acts/verify.py"): (
        "needs a clone of the MIT source"
    ),
}


def _listed(block: Block) -> tuple[str, str] | None:
    """The key of ``NOT_RUN`` that names ``block`` (its page and how its first line starts)."""
    for page, start in NOT_RUN:
        if block.page == page and block.first.startswith(start):
            return (page, start)
    return None


@attrs.frozen
class Command:
    text: str
    shown: tuple[str, ...]


@attrs.frozen
class Block:
    page: str
    line: int
    commands: tuple[Command, ...]
    first: str = ""

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"


def _blocks(path: Path) -> list[tuple[int, list[str]]]:
    out: list[tuple[int, list[str]]] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    start: int | None = None
    body: list[str] = []
    for n, line in enumerate(lines, start=1):
        if start is None and line.strip() == "```console":
            start, body = n, []
        elif start is not None and line.strip() == "```":
            out.append((start, body))
            start = None
        elif start is not None:
            body.append(line)
    return out


def _parse(page: str, line: int, body: list[str]) -> Block:
    commands: list[Command] = []
    for text in body:
        if text.startswith("$ "):
            commands.append(Command(text[2:], ()))
        elif commands:
            last = commands[-1]
            commands[-1] = Command(last.text, (*last.shown, text.rstrip()))
    return Block(page, line, tuple(commands), body[0] if body else "")


def _all_blocks() -> list[Block]:
    return [
        _parse(str(path.relative_to(ROOT)), line, body)
        for path in PAGES
        for line, body in _blocks(path)
    ]


def _runnable(block: Block) -> bool:
    if not block.commands:
        return False
    for cmd in block.commands:
        programs = [part.split()[0] for part in cmd.text.split("|") if part.split()]
        if not all(p in PROGRAMS for p in programs):
            return False
    return True


BLOCKS = [b for b in _all_blocks() if _listed(b) is None]


def test_every_block_is_run_or_listed_with_a_reason() -> None:
    unrunnable = {_listed(b) or (b.page, b.first) for b in _all_blocks() if not _runnable(b)}
    assert unrunnable == set(NOT_RUN)


def _run(block: Block, cwd: Path) -> list[tuple[int, list[str]]]:
    # after each command: its status, then a marker line, then the status again for `$?`
    after = f"__s=$?\nprintf '\\n{_END} %d\\n' $__s\n(exit $__s)\n"
    script = "".join(f"{cmd.text}\n{after}" for cmd in block.commands)
    bindir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "PATH": bindir + os.pathsep + os.environ.get("PATH", ""),
        "PYTHONUNBUFFERED": "1",  # the order of a terminal: stdout and stderr as written
        "PYTHONIOENCODING": "utf-8",
        "LC_ALL": "C.UTF-8",
    }
    done = subprocess.run(
        ["bash", "-c", script],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    results: list[tuple[int, list[str]]] = []
    text = done.stdout
    for _cmd in block.commands:
        m = re.search(rf"\n{_END} (\d+)\n", text)
        assert m is not None, f"the shell stopped early:\n{text}"
        output = text[: m.start()]
        text = text[m.end() :]
        results.append((int(m.group(1)), [ln.rstrip() for ln in output.split("\n")]))
    return results


def _trim(lines: list[str]) -> list[str]:
    while lines and not lines[-1]:
        lines = lines[:-1]
    return lines


@pytest.mark.parametrize("block", BLOCKS, ids=[b.id for b in BLOCKS])
def test_console_example_prints_what_the_page_shows(block: Block, tmp_path: Path) -> None:
    if any(c.text.split()[0] == "sqlite3" for c in block.commands) and not shutil.which("sqlite3"):
        pytest.skip("the sqlite3 command-line program is not installed")
    inputs = EXAMPLES / Path(block.page).stem
    if inputs.is_dir():
        shutil.copytree(inputs, tmp_path, dirs_exist_ok=True)
    # a page may name a shared example by its path in the source tree
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs" / "_examples").symlink_to(EXAMPLES)
    results = _run(block, tmp_path)
    illustrative = not any(c.shown for c in block.commands)
    for cmd, (status, lines) in zip(block.commands, results, strict=True):
        got = _trim(lines)
        assert not any("Traceback" in ln for ln in got), f"$ {cmd.text}\n" + "\n".join(got)
        if illustrative:
            assert status in (0, 1), f"$ {cmd.text} exited {status}:\n" + "\n".join(got)
            continue
        shown = list(cmd.shown)
        if shown and shown[-1] == "...":
            got = got[: len(shown) - 1]
            shown = shown[:-1]
        assert got == _trim(shown), f"$ {cmd.text}"
