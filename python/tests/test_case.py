"""Reading a case: from a file and from a dict, with the command-line tool's
checks and messages."""

import tomllib
from pathlib import Path

import pytest

import citsim
from conftest import EXAMPLES, MAIN_CASE


def read_toml(path):
    with open(path, "rb") as f:
        return tomllib.load(f)


@pytest.mark.parametrize("name", ["pen-cheek-rejuvenation", "roller-acne-scars", "rf-pen-laxity"])
def test_file_and_dict_give_the_same_case(name):
    path = EXAMPLES / f"{name}.toml"
    from_file = citsim.load_case(path)
    from_dict = citsim.load_case(read_toml(path))
    assert from_file.source == str(path)
    assert from_dict.source == "<dict>"
    assert as_read(from_dict) == as_read(from_file)


def as_read(case):
    """The case as read, without where it came from."""
    table = case.to_dict()
    del table["source"]
    return table


def test_to_dict_is_the_case_as_read_in_the_summary(main_case, nominal):
    assert main_case.to_dict() == nominal.summary["case"]
    table = main_case.to_dict()
    assert table["device"]["needle_length_mm"] == 1.0
    assert table["simulation"]["fidelity"] == "plan"  # as given
    assert table["simulation"]["voxel_um"] > 0  # a default filled in


def test_numpy_scalars_and_tuples_are_values():
    np = pytest.importorskip("numpy")
    table = read_toml(MAIN_CASE)
    table["device"]["needle_length_mm"] = np.float64(1.0)
    table["protocol"]["sessions"] = np.int32(4)
    table["patient"]["conditions"] = ()
    assert as_read(citsim.load_case(table)) == as_read(citsim.load_case(MAIN_CASE))


def test_a_bad_value_names_the_key_and_value_as_the_cli_does(tmp_path, cli):
    bad = tmp_path / "bad.toml"
    bad.write_text(MAIN_CASE.read_text().replace("needle_length_mm = 1.0", "needle_length_mm = -1"))
    with pytest.raises(citsim.CitsimError) as caught:
        citsim.load_case(bad)
    error = caught.value
    assert error.key == "device.needle_length_mm"
    assert error.value == "-1"
    assert error.source == str(bad)
    assert str(error).startswith(f"{bad}: device.needle_length_mm = -1: must be")
    validate = cli("validate", bad, check=False)
    assert validate.returncode == 2
    assert validate.stderr.strip() == f"citsim: {error.message}"


def test_a_bad_dict_value_names_the_key_and_value():
    table = read_toml(MAIN_CASE)
    table["device"]["needle_length_mm"] = 9.5
    with pytest.raises(citsim.CitsimError) as caught:
        citsim.load_case(table)
    assert (caught.value.source, caught.value.key, caught.value.value) == (
        "<dict>",
        "device.needle_length_mm",
        "9.5",
    )


def test_an_unknown_key_and_a_missing_key():
    table = read_toml(MAIN_CASE)
    table["device"]["needle_lenght_mm"] = 1.0
    with pytest.raises(citsim.CitsimError, match="unknown key") as caught:
        citsim.load_case(table)
    assert caught.value.key == "device.needle_lenght_mm"
    table = read_toml(MAIN_CASE)
    del table["patient"]["age_years"]
    with pytest.raises(citsim.CitsimError, match="is missing") as caught:
        citsim.load_case(table)
    assert (caught.value.key, caught.value.value) == ("patient.age_years", None)


def test_a_value_toml_cannot_hold_is_an_error_not_a_crash():
    table = read_toml(MAIN_CASE)
    table["patient"]["age_years"] = None
    with pytest.raises(citsim.CitsimError) as caught:
        citsim.load_case(table)
    assert (caught.value.key, caught.value.value) == ("patient.age_years", "None")
    table["patient"]["age_years"] = 2**70
    with pytest.raises(citsim.CitsimError, match="64-bit"):
        citsim.load_case(table)
    table["patient"] = {1: 2}
    with pytest.raises(citsim.CitsimError, match="a key must be a string"):
        citsim.load_case(table)
    with pytest.raises(citsim.CitsimError, match="must be a path to a case file or a dict"):
        citsim.load_case(42)


def test_a_missing_file_and_a_bad_data_folder(tmp_path):
    with pytest.raises(citsim.CitsimError, match="cannot open file"):
        citsim.load_case(tmp_path / "absent.toml")
    with pytest.raises(citsim.CitsimError, match="not a CITSim data folder"):
        citsim.load_case(MAIN_CASE, data_dir=tmp_path)
    assert Path(citsim.load_case(MAIN_CASE).data_dir, "vocabulary").is_dir()


@pytest.mark.parametrize(
    "message, source, key, value",
    [
        ("case.toml: device.needle_length_mm = -1: must be between 0.1 and 3.5",
         "case.toml", "device.needle_length_mm", "-1"),
        ('c.toml: site.indication = "a: b": must be one of "x"', "c.toml", "site.indication",
         '"a: b"'),
        ("c.toml: patient.age_years is missing: a whole number", "c.toml", "patient.age_years",
         None),
        ("CITSIM_DATA_DIR = /x: not a CITSim data folder", None, "CITSIM_DATA_DIR", "/x"),
        ('--start = "x": must be a date YYYY-MM-DD', None, "--start", '"x"'),
        ("c.toml: line 3, column 1: not valid TOML: oops", None, None, None),
    ],
)
def test_the_key_and_value_are_read_from_the_message(message, source, key, value):
    error = citsim.CitsimError(message)
    assert (error.source, error.key, error.value, error.message) == (source, key, value, message)
