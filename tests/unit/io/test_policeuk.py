from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jagdesk.domain.incident_columns import ROW_FIELDS
from jagdesk.errors import Cancelled, ImportFormatError
from jagdesk.io import policeuk
from jagdesk.io.policeuk import (
    HEADER,
    CsvSource,
    PoliceFile,
    find_files,
    find_sources,
    read_policeuk,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "policeuk"
GOOD = DATA / "good"
BAD = DATA / "bad"
JANUARY = GOOD / "2021-01-leicestershire-street.csv"
FEBRUARY = GOOD / "2021-02-leicestershire-street.csv"
OTHER = DATA / "other"  # the outcomes and stop and search files a download holds beside them
HEADER_LINE = ",".join(HEADER)
ROW = ("x1,2021-01,Leicestershire Police,Leicestershire Police,-1.1,52.6,On or near A,E01,L 1,"
       "Burglary,Under investigation,")


def read(path: Path) -> PoliceFile:
    return read_policeuk(find_sources(path)[0])


def source_of(tmp_path: Path, text: str, name: str = "2021-01-leicestershire-street.csv"
              ) -> CsvSource:
    path = tmp_path / name
    path.write_bytes(text.encode())
    return find_sources(path)[0]


def column(parsed: PoliceFile, name: str) -> list[object]:
    index = ROW_FIELDS.index(name)
    return [row[index] for row in parsed.rows]


def test_good_file_keeps_every_row() -> None:
    parsed = read(JANUARY)
    assert parsed.ok
    assert (parsed.rows_read, len(parsed.rows), parsed.no_location) == (6, 6, 1)
    assert (parsed.force, parsed.month) == ("Leicestershire Police", "2021-01")
    assert column(parsed, "location")[1] == "On or near Asda, Thurmaston"
    assert column(parsed, "lon")[:2] == [-1.131, -1.132]
    assert column(parsed, "lon")[5] is None
    assert column(parsed, "lat")[5] is None


def test_identical_asb_rows_are_distinct_with_stable_keys() -> None:
    keys = column(read(JANUARY), "source_key")
    assert keys[:2] == ["a1f3", "b2e4"]
    assert len(set(keys)) == 6
    assert keys[2].endswith("-1")
    assert keys[3].endswith("-2")
    assert keys[2][:-2] == keys[3][:-2]
    assert column(read(JANUARY), "source_key") == keys


def test_bom_and_unix_line_ends() -> None:
    parsed = read(FEBRUARY)
    assert parsed.ok
    assert (parsed.rows_read, parsed.no_location, parsed.month) == (3, 2, "2021-02")


@pytest.mark.parametrize(("name", "line", "words"), [
    ("wrong-header.csv", 1, "header"),
    ("malformed-line.csv", 3, "expected 12 fields, found 13"),
    ("bad-coordinates.csv", 3, "not numbers"),
    ("out-of-range.csv", 4, "out of range"),
    ("bad-month.csv", 3, "bad month '2021-1'"),
    ("2021-03-leicestershire-street.csv", 3, "does not match the file's month 2021-03"),
])
def test_bad_files_are_refused_with_file_and_line(name: str, line: int, words: str) -> None:
    parsed = read(BAD / name)
    assert not parsed.ok
    assert parsed.rows == []
    problem = parsed.problems[0]
    assert problem.path.endswith(name)
    assert problem.line == line
    assert words in problem.reason


def test_bad_file_still_counts_its_rows() -> None:
    assert read(BAD / "malformed-line.csv").rows_read == 3


def test_rows_under_a_wrong_header_are_counted_as_refused() -> None:
    parsed = read(BAD / "wrong-header.csv")
    data_lines = (BAD / "wrong-header.csv").read_text().strip().count("\n")
    assert data_lines > 0
    assert parsed.rows_read == data_lines
    assert parsed.rows == []


def test_month_comes_from_the_first_row_when_the_name_has_none(tmp_path: Path) -> None:
    source = source_of(tmp_path, f"{HEADER_LINE}\n{ROW}\n{ROW.replace('2021-01', '2021-02')}\n",
                       name="export.csv")
    parsed = read_policeuk(source)
    assert parsed.problems[0].line == 3
    assert "2021-02 does not match the file's month 2021-01" in parsed.problems[0].reason


@pytest.mark.parametrize("coordinates", ["nan,52.6", "-1.1,", "-1.1,inf", "200,52"])
def test_invalid_coordinates(tmp_path: Path, coordinates: str) -> None:
    row = ROW.replace("-1.1,52.6", coordinates)
    parsed = read_policeuk(source_of(tmp_path, f"{HEADER_LINE}\n{ROW}\n{row}\n"))
    assert [(p.line, "coordinates" in p.reason) for p in parsed.problems] == [(3, True)]


@pytest.mark.parametrize("text", [
    f"{HEADER_LINE}\n{ROW}\n\n{ROW}\n",                    # a blank line
    f"{HEADER_LINE}\r\n{ROW}\n{ROW}\r\n",                   # mixed line ends
    f"{HEADER_LINE}\n{ROW}\n{ROW.replace('On or near A', chr(34) + 'On, or' + chr(34))}\n",
    f'{HEADER_LINE}\n{ROW}\n{ROW.replace("On or near A", chr(34) + "two" + chr(10) + "lines" + chr(34))}',
    f"{HEADER_LINE}\n{ROW}\n{ROW}",                          # no newline at the end
])
def test_fast_and_row_by_row_reading_agree(tmp_path: Path, text: str) -> None:
    source = source_of(tmp_path, text)
    parsed = read_policeuk(source)
    checked = PoliceFile(source.name)
    policeuk._checked_rows(checked, source.file_name, text, lambda: False)
    assert parsed.ok
    assert parsed.rows == checked.rows
    assert parsed.rows_read == 2


def checked_read(source: CsvSource, text: str) -> PoliceFile:
    checked = PoliceFile(source.name)
    policeuk._checked_rows(checked, source.file_name, text, lambda: False)
    return checked


@pytest.mark.parametrize("path", [JANUARY, FEBRUARY])
def test_fixtures_read_the_same_both_ways(path: Path) -> None:
    source = find_sources(path)[0]
    checked = checked_read(source, path.read_bytes().decode("utf-8-sig"))
    parsed = read_policeuk(source)
    assert (parsed.rows, parsed.no_location, parsed.month) == (
        checked.rows, checked.no_location, checked.month)


_FIELD = st.text(alphabet='ab ,"', max_size=6)
_ROWS = st.lists(st.tuples(st.sampled_from(["", "c1"]), _FIELD,
                           st.sampled_from([("", ""), ("-1.1", "52.6"), ("1e1", "5")])),
                 min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(rows=_ROWS, crlf=st.booleans())
def test_fast_path_matches_row_by_row(rows: list[tuple[str, str, tuple[str, str]]],
                                      crlf: bool) -> None:
    newline = "\r\n" if crlf else "\n"
    lines = [HEADER_LINE]
    for crime_id, place, (lon, lat) in rows:
        quoted = '"' + place.replace('"', '""') + '"'
        lines.append(f"{crime_id},2021-01,P,P,{lon},{lat},{quoted},E1,L,ASB,,")
    text = newline.join(lines) + newline
    source = CsvSource("2021-01-p-street.csv", lambda: None)  # type: ignore[arg-type,return-value]
    fast = policeuk._fast_read(source.file_name, text.encode())
    checked = checked_read(source, text)
    assert checked.ok
    assert fast is not None
    assert list(fast.columns.rows()) == checked.rows
    assert fast.no_location == checked.no_location


def test_not_utf8_is_refused_with_line(tmp_path: Path) -> None:
    path = tmp_path / "2021-01-x-street.csv"
    path.write_bytes(f"{HEADER_LINE}\n{ROW}\n".encode() + b"\xff\xfe,bad\n")
    parsed = read(path)
    assert parsed.problems[0].line == 3
    assert "UTF-8" in parsed.problems[0].reason
    assert parsed.rows_read == 2  # both rows refused with the file, not lost from the count
    assert parsed.rows == []


def test_empty_file(tmp_path: Path) -> None:
    parsed = read_policeuk(source_of(tmp_path, ""))
    assert "empty" in parsed.problems[0].reason


def test_header_only_file_has_no_rows(tmp_path: Path) -> None:
    parsed = read_policeuk(source_of(tmp_path, HEADER_LINE + "\n"))
    assert parsed.ok
    assert (parsed.rows_read, parsed.month) == (0, "2021-01")


def test_force_falls_back_to_the_file_name(tmp_path: Path) -> None:
    other = ROW.replace("Leicestershire Police,-1.1", "Nottinghamshire Police,-1.1")
    parsed = read_policeuk(source_of(tmp_path, f"{HEADER_LINE}\n{ROW}\n{other}\n"))
    assert parsed.force == "leicestershire"


def test_many_problems_are_capped_but_rows_counted(tmp_path: Path) -> None:
    bad = ROW.replace("-1.1", "x")
    parsed = read_policeuk(source_of(tmp_path, HEADER_LINE + "\n" + "\n".join([bad] * 30) + "\n"))
    assert len(parsed.problems) == policeuk.MAX_PROBLEMS
    assert parsed.rows_read == 30


def test_cancel_while_reading_row_by_row(tmp_path: Path) -> None:
    rows = [ROW] * (policeuk.CANCEL_EVERY + 1) + ["bad"]
    source = source_of(tmp_path, HEADER_LINE + "\n" + "\n".join(rows) + "\n")
    with pytest.raises(Cancelled):
        read_policeuk(source, cancelled=lambda: True)


def test_folder_is_read_recursively_in_path_order(tmp_path: Path) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (nested / "2021-02-leicestershire-street.csv").write_bytes(FEBRUARY.read_bytes())
    (nested / "2021-03-leicestershire-street.zip").write_bytes(b"")
    (tmp_path / "a" / "2021-01-leicestershire-street.csv").write_bytes(JANUARY.read_bytes())
    (tmp_path / "notes.txt").write_text("not data")
    sources = find_sources(tmp_path)
    names = [s.file_name for s in sources]
    assert names == ["2021-01-leicestershire-street.csv", "2021-02-leicestershire-street.csv",
                     "2021-03-leicestershire-street.zip"]
    assert "zip archive" in read_policeuk(sources[2]).problems[0].reason


def test_zip_members_are_read(tmp_path: Path) -> None:
    archive = tmp_path / "police.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(JANUARY, "2021-01/2021-01-leicestershire-street.csv")
        out.writestr("readme.txt", "x")
    sources = find_sources(archive)
    assert [s.file_name for s in sources] == ["2021-01-leicestershire-street.csv"]
    assert "police.zip!" in sources[0].name
    assert read_policeuk(sources[0]).rows == read(JANUARY).rows


def test_a_downloads_outcomes_and_stop_and_search_files_are_skipped(tmp_path: Path) -> None:
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(JANUARY, "2021-01/2021-01-leicestershire-street.csv")
        for other in sorted(OTHER.glob("*.csv")):
            out.write(other, f"2021-01/{other.name}")
    found = find_files(archive)
    assert [s.file_name for s in found.sources] == ["2021-01-leicestershire-street.csv"]
    assert [(s.name.rsplit("/", 1)[-1], s.reason) for s in found.skipped] == [
        ("2021-01-leicestershire-outcomes.csv",
         "police.uk outcomes data, not street-level crime"),
        ("2021-01-leicestershire-stop-and-search.csv",
         "police.uk stop and search data, not street-level crime")]


def test_a_folder_of_outcomes_only_holds_no_street_file() -> None:
    with pytest.raises(ImportFormatError, match=r"no street-level CSV file \(2 outcomes or stop"):
        find_files(OTHER)


@pytest.mark.parametrize(("name", "words"), [
    ("2021-01-leicestershire-outcomes.csv", "police.uk outcomes data, not street-level crime"),
    ("2021-01-leicestershire-stop-and-search.csv", "police.uk stop and search data"),
])
def test_an_outcomes_file_given_by_itself_is_refused_for_what_it_is(name: str, words: str) -> None:
    parsed = read(OTHER / name)
    assert not parsed.ok
    assert parsed.problems[0].line == 1
    assert words in parsed.problems[0].reason
    assert "-street.csv" in parsed.problems[0].reason
    assert parsed.rows_read == 1


@pytest.mark.parametrize(("name", "content", "words"), [
    ("missing.csv", None, "no such file"),
    ("data.txt", b"x", "not a CSV"),
    ("broken.zip", b"not a zip", "zip archive"),
])
def test_unusable_paths(tmp_path: Path, name: str, content: bytes | None, words: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ImportFormatError, match=words):
        find_sources(path)


def test_folder_without_csv(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match=r"no street-level CSV file$"):
        find_sources(tmp_path)


_RAW_FIELD = st.text(alphabet='a ,"\r\n\t\x00é', max_size=8)


@settings(max_examples=300, deadline=None)
@given(fields=st.lists(st.tuples(_RAW_FIELD, _RAW_FIELD), min_size=1, max_size=5),
       newline=st.sampled_from(["\n", "\r\n"]))
def test_arrow_accepts_only_what_the_csv_module_reads_the_same(
        fields: list[tuple[str, str]], newline: str) -> None:
    # Raw text, quotes and line ends unescaped: whatever Arrow's reader accepts, the csv
    # module must read as the same rows, or the fast path would store something else.
    lines = [HEADER_LINE] + [f"c{n},2021-01,P,P,-1.1,52.6,{place},E1,L,{kind},," for n, (place, kind)
                             in enumerate(fields)]
    text = newline.join(lines) + newline
    source = CsvSource("2021-01-p-street.csv", lambda: None)  # type: ignore[arg-type,return-value]
    fast = policeuk._fast_read(source.file_name, text.encode())
    if fast is None:
        return
    checked = checked_read(source, text)
    assert checked.ok
    assert list(fast.columns.rows()) == checked.rows
    assert fast.no_location == checked.no_location


def test_a_file_with_a_byte_order_mark_takes_the_fast_path(tmp_path: Path) -> None:
    raw = "\ufeff".encode() + f"{HEADER_LINE}\r\n{ROW}\r\n".encode()
    fast = policeuk._fast_read("2021-01-x-street.csv", raw)
    assert fast is not None
    assert fast.month == "2021-01"
    assert [row[4:7] for row in fast.columns.rows()] == [("Burglary", -1.1, 52.6)]
