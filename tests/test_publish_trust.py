"""What publishing says when trust or access fails, through the real CLI against Radicale:
an untrusted certificate (and `caldav.ca`), a login refused (401) against a write not
allowed (403), an account URL (the calendars under it are listed); and the option checks
that keep secrets and control characters out of messages (issue 26 K06, T05, D23)."""

from __future__ import annotations

import subprocess

import pytest

from test_publish import START, isolated, write_config  # noqa: F401 - isolated: autouse fixture
from test_publish_servers import PASSWORD, USER, running_radicale

from conftest import error, ok

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1 and its key (openssl)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


def test_a_self_signed_server_is_named_and_trusted_with_caldav_ca(cli, tmp_path, certificate,
                                                                   monkeypatch):
    cert, key = certificate
    ok(cli("build", *START, "--weeks", "1"))
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", PASSWORD)
    with running_radicale(tmp_path / "tls", ("--server-ssl", "--server-certificate", str(cert),
                                             "--server-key", str(key)), "https") as server:
        url = server.make_calendar("training")
        options = ["-o", f"caldav.url={url}", "-o", f"caldav.user={USER}"]
        error(cli("publish", "plan.json", "--to", "caldav", *options),
              f"127.0.0.1:{server.port}'s certificate is not trusted (self-signed certificate)",
              "--option caldav.ca=FILE")
        done = ok(cli("publish", "plan.json", "--to", "caldav", *options,
                      "-o", f"caldav.ca={cert}"))
        assert "3 created" in done.out
    error(cli("publish", "plan.json", "--to", "caldav", *options, "-o",
              f"caldav.ca={tmp_path / 'plan.json'}"), "caldav.ca", "holds no PEM certificate")
    error(cli("publish", "plan.json", "--to", "caldav", *options, "-o",
              f"caldav.ca={tmp_path / 'none.pem'}"), "caldav.ca", "cannot be read")


@pytest.fixture(scope="module")
def radicale(tmp_path_factory):
    with running_radicale(tmp_path_factory.mktemp("radicale")) as server:
        server.make_calendar("training")
        server.make_calendar("family")
        yield server


def test_401_and_403_are_told_apart(cli, radicale, monkeypatch):
    ok(cli("build", *START, "--weeks", "1"))
    options = ["-o", f"caldav.url={radicale.base}/{USER}/training/", "-o", f"caldav.user={USER}"]
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", "wrong")
    error(cli("publish", "plan.json", "--to", "caldav", *options),
          "refused the login as alice (401)", "$PLANNER_CALDAV_PASSWORD")
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", PASSWORD)
    line = error(cli("publish", "plan.json", "--to", "caldav", "-o",
                     f"caldav.url={radicale.base}/bob/training/", "-o", f"caldav.user={USER}"),
                 "accepted the login but does not allow alice to read", "(403 forbidden)")
    assert "refused" not in line


@pytest.mark.parametrize("path", [f"/{USER}/", "/"], ids=["account", "server"])
def test_an_account_or_server_url_lists_the_calendars_under_it(cli, radicale, monkeypatch,
                                                               path):
    ok(cli("build", *START, "--weeks", "1"))
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", PASSWORD)
    error(cli("publish", "plan.json", "--to", "caldav", "-o",
              f"caldav.url={radicale.base}{path}", "-o", f"caldav.user={USER}"),
          "is not a calendar; calendars under it: "
          f"{radicale.base}/{USER}/family/, {radicale.base}/{USER}/training/")


@pytest.mark.parametrize("url", [
    "ftp://me:s3cret-pw@dav.example.com/cal/",
    "https://me:s3cret-pw@dav.example.com/cal/?x=1",
    "https://me:s3cret-pw@dav.example.com:99999/cal/",
    "https://me:s3cret-pw@dav.example.com/cal/",
    "https://s3cret-pw@dav.example.com/cal/",
])
def test_user_info_in_a_url_is_never_printed(cli, tmp_path, monkeypatch, url):
    ok(cli("build", *START, "--weeks", "1"))
    line = error(cli("publish", "plan.json", "--to", "caldav", "-o", f"caldav.url={url}"),
                 "caldav.url")
    assert "s3cret" not in line
    write_config(tmp_path, monkeypatch, f'[publish.caldav]\nurl = "{url}"\n')
    line = error(cli("publish", "plan.json", "--to", "caldav"), "config.toml",
                 "publish.caldav.url")
    assert "s3cret" not in line


@pytest.mark.parametrize("key, value", [
    ("user", "ali\\u009bce"), ("user", "\\u202eecila"),
    ("url", "https://dav.example.com/\\u202ecal/"), ("url", "https://dav.example.com/\\u009b/"),
])
def test_c1_and_bidi_controls_in_user_and_url_are_refused(cli, tmp_path, monkeypatch, key,
                                                          value):
    ok(cli("build", *START, "--weeks", "1"))
    url = "" if key == "url" else 'url = "https://dav.example.com/cal/"\n'
    write_config(tmp_path, monkeypatch, f'[publish.caldav]\n{url}{key} = "{value}"\n')
    line = error(cli("publish", "plan.json", "--to", "caldav"), "config.toml",
                 f"publish.caldav.{key}", "control characters")
    assert "\u009b" not in line and "\u202e" not in line
