"""`build`'s settings: the command line, else the config file, else the default (build_choices)."""

from datetime import date, time
from pathlib import Path

import pytest

from planner.build_choices import choose_build, from_config_file
from planner.config import BuildConfig, parse_config
from planner.errors import UsageError
from planner.settings import ALL_EQUIPMENT, DEFAULT_BANDS

NOTHING = {key: None for key in ("weeks", "days", "time", "tz", "minutes", "level", "equipment",
                                 "bands", "deload_every", "format", "option", "out_dir", "name",
                                 "block_weeks")}
NO_FILE = BuildConfig(None, {}, {})
A_THURSDAY = date(2026, 12, 10)


def config(text: str) -> BuildConfig:
    return parse_config(text, Path("/home/me/.config/band-planner/config.toml"))


def given(**values):
    return {**NOTHING, **values}


def test_with_nothing_given_every_value_is_the_default():
    choices = choose_build(given(tz="UTC"), NO_FILE, today=A_THURSDAY)
    settings = choices.settings
    assert (settings.weeks, settings.days, settings.time, settings.minutes, settings.level) == (
        4, ("mon", "wed", "fri"), time(7, 0), 30, "beginner")
    assert settings.start == date(2026, 12, 14)  # the next Monday
    assert settings.equipment == ALL_EQUIPMENT and settings.bands == DEFAULT_BANDS
    assert (choices.formats, choices.options, choices.out_dir) == (["json"], [], Path("."))
    assert choices.from_file == frozenset()


@pytest.mark.parametrize(("file", "command_line", "expected", "from_file"), [
    ("weeks = 8", {}, 8, {"weeks"}),
    ("weeks = 8", {"weeks": 12}, 12, set()),
    ("minutes = 45", {"weeks": 2}, 2, {"minutes"}),
])
def test_the_command_line_wins_over_the_file_which_wins_over_the_default(
        file, command_line, expected, from_file):
    choices = choose_build(given(tz="UTC", **command_line), config(f"[build]\n{file}\n"),
                           today=A_THURSDAY)
    assert choices.settings.weeks == expected
    assert choices.from_file == from_file


def test_file_values_arrive_checked_and_shaped_like_options():
    file = config('[build]\ndays = ["tue", "thu"]\ntime = 18:30:00\nequipment = "flat,loop"\n'
                  'bands = ["light", "heavy"]\nout_dir = "plans"\nname = "spring"\n')
    settings = choose_build(given(tz="UTC"), file, today=A_THURSDAY).settings
    assert settings.days == ("tue", "thu") and settings.time == time(18, 30)
    assert settings.equipment == ("flat", "loop") and settings.bands == ("light", "heavy")
    assert settings.name == "spring"


def test_exporter_options_of_the_file_apply_to_their_formats_only_and_come_first():
    file = config('[build]\noption = ["pdf.paper=letter", "ics.alarm=15", "fields=off"]\n')
    choices = choose_build(given(tz="UTC", format=["pdf"], option=["pdf.paper=a4"]), file,
                           today=A_THURSDAY)
    assert choices.options == ["pdf.paper=letter", "fields=off", "pdf.paper=a4"]
    assert choices.from_file == frozenset()  # the command line gave --option
    choices = choose_build(given(tz="UTC", format=["json"]), config(
        '[build]\noption = ["pdf.paper=letter"]\n'), today=A_THURSDAY)
    assert choices.options == [] and "option" not in choices.from_file


def test_a_bad_value_names_its_option_as_data():
    with pytest.raises(UsageError) as raised:
        choose_build(given(tz="UTC", minutes=0), NO_FILE, today=A_THURSDAY)
    assert (raised.value.option, raised.value.reason) == ("--minutes",
                                                          "0 is out of range; use 1 to 240")
    assert str(raised.value) == "--minutes: 0 is out of range; use 1 to 240"


def test_start_seed_and_catalogs_come_from_the_command_line():
    choices = choose_build(given(tz="Europe/Berlin"), NO_FILE, start="2027-01-05", seed=7,
                           catalogs=("mine.toml",), today=A_THURSDAY)
    assert (choices.settings.start, choices.settings.seed, choices.settings.catalogs,
            choices.settings.timezone) == (date(2027, 1, 5), 7, ("mine.toml",), "Europe/Berlin")


def test_a_bad_value_from_the_file_is_blamed_on_the_file_and_key():
    file = config("[build]\nequipment = \"loop\"\n")
    given_ = given(tz="UTC")
    error = UsageError("no upper-back exercise works with your equipment", option="--equipment")
    blamed = file.blame(error, from_config_file(given_, file), [])
    assert str(blamed) == ("/home/me/.config/band-planner/config.toml: build.equipment: "
                           "no upper-back exercise works with your equipment")
    assert blamed.exit_code == 2
    # Given on the command line, the same problem stays the option's.
    assert file.blame(error, from_config_file(given(tz="UTC", equipment="loop"), file), []) is error
