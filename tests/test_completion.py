"""Shell completion, as bash runs it: the script `planner` gives bash is sourced in a real bash,
and its completion function fills COMPREPLY for a half-typed command line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PLANNER = Path(sys.executable).with_name("planner")


def completions(line: str, tmp_path: Path) -> list[str]:
    words = line.split(" ")
    env = {**os.environ, "PATH": f"{PLANNER.parent}:{os.environ.get('PATH', '')}",
           "PLANNER_CONFIG": str(tmp_path / "none.toml")}
    script = subprocess.run([str(PLANNER)], env={**env, "_PLANNER_COMPLETE": "source_bash"},
                            capture_output=True, text=True, timeout=60).stdout
    assert "_planner_completion" in script
    program = (f"{script}\nCOMP_WORDS=({' '.join(repr(w) for w in words)})\n"
               f"COMP_CWORD={len(words) - 1}\n_planner_completion planner\n"
               'printf "%s\\n" "${COMPREPLY[@]}"\n')
    said = subprocess.run(["bash", "--norc", "--noprofile", "-c", program], env=env,
                          capture_output=True, text=True, timeout=60)
    assert said.returncode == 0, said.stderr
    return [word for word in said.stdout.splitlines() if word]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is the shell under test")
@pytest.mark.parametrize("line, expected", [
    ("planner log today --exercise face", ["face-pull"]),
    ("planner history --exercise bird", ["bird-dog"]),
    ("planner log today --feel ", ["easy", "hard", "ok", "pain"]),
    ("planner log today --band extra", ["extra-heavy", "extra-light"]),
    ("planner log today --slack m", ["minimal"]),
    ("planner build --level int", ["intermediate"]),
    ("planner build --tz Europe/Berl", ["Europe/Berlin"]),
    ("planner build --format p", ["pdf"]),
    ("planner export plan.json --format i", ["ics"]),
    ("planner catalog show seated-", ["seated-back-extension", "seated-row"]),
])
def test_bash_completes_option_values(line, expected, tmp_path):
    assert completions(line, tmp_path) == expected
