"""Counting words and characters exactly as CONTENT.md defines them."""

from __future__ import annotations

import pytest

from generator.counting import count_chars, count_words, measure
from generator.model import Limit


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("one", 1),
        ("one two  three\n\nfour\tfive", 5),
        ("H100/H200 GPUs", 2),
        ("shoulder-to-shoulder", 1),
        ("a - b — c – d", 4),
        ("5,000+ students", 2),
        ("**bold** _em_ `code`", 3),
        ("- item one\n- item two", 4),
        ("Café naïve 東京", 3),
        ("... !!! ?? ---", 0),
        ("_ __ x_", 1),
        ("it's 2025.", 2),
    ],
)
def test_count_words(text: str, words: int) -> None:
    assert count_words(text) == words


@pytest.mark.parametrize(
    ("text", "chars"),
    [
        ("", 0),
        ("  padded  \n", 6),
        ("a b", 3),
        ("Café", 4),
        ("e\u0301", 2),  # combining accent: two code points
        ("😀 x", 3),
        ("line\nbreak", 10),
    ],
)
def test_count_chars(text: str, chars: int) -> None:
    assert count_chars(text) == chars


def test_measure_reports_how_far_over_each_limit() -> None:
    words, chars = measure("one two three four", Limit(words=3, chars=100))
    assert (words.unit, words.count, words.limit, words.over) == ("words", 4, 3, 1)
    assert (chars.unit, chars.count, chars.limit, chars.over) == ("chars", 18, 100, 0)
    assert words.ratio == pytest.approx(4 / 3)


def test_measure_without_limit_is_never_over() -> None:
    assert [m.over for m in measure("a b c", None)] == [0, 0]
