"""iCalendar text: lines folded within 75 octets without splitting a character, and text values escaped."""

import pytest

from cities import ical


@pytest.mark.parametrize(
    "text",
    ["a" * 200, "é" * 100, "Rapat kerja 会議 " * 20, "x" * 74 + "€" + "y" * 10, "🙂" * 40],
)
def test_folding_keeps_lines_within_75_octets_without_splitting_characters(text):
    folded = ical.fold("DESCRIPTION:" + text)
    lines = folded.split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert all(line.startswith(" ") for line in lines[1:])
    assert lines[0] + "".join(line[1:] for line in lines[1:]) == "DESCRIPTION:" + text


def test_text_escaping():
    assert ical.escape_text("a\\b;c,d\r\ne\nf") == "a\\\\b\\;c\\,d\\ne\\nf"
