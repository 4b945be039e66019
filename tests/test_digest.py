"""planner.digest: the same SHA-256 as hashlib, without loading OpenSSL."""

import hashlib
import subprocess
import sys

import pytest

from planner.digest import sha256_hex


@pytest.mark.parametrize("data", [b"", b"plan", "Rücken-Plan".encode(), bytes(range(256)) * 300])
def test_the_digest_is_hashlibs(data):
    assert sha256_hex(data) == hashlib.sha256(data).hexdigest()


def test_a_first_build_loads_no_openssl(tmp_path):
    """A first build's id and a plan name's uid suffix need a digest; OpenSSL's library
    stays unloaded (hashlib loads it on import)."""
    script = (
        "import sys\n"
        "from planner.cli import main\n"
        "try:\n"
        f"    main(['build', '--weeks', '1', '--name', 'Mein Plan', '--out-dir', {str(tmp_path)!r},"
        " '--quiet'])\n"
        "except SystemExit as done:\n"
        "    assert done.code == 0, done.code\n"
        "print(sorted(name for name in ('hashlib', '_hashlib') if name in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env={"PLANNER_LOG": str(tmp_path / "log.sqlite3"), "PATH": "",
                                 "XDG_CONFIG_HOME": str(tmp_path / "config")}, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert (tmp_path / "Mein Plan.json").exists()
