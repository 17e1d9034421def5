"""Counting words and characters exactly as CONTENT.md defines them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.counting import count_chars, count_words, measure
from generator.content.model import Limit


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


def _count_words_token_by_token(text: str) -> int:
    """The definition, written the slow and obvious way."""
    return sum(1 for token in text.split() if any(ch.isalnum() and ch != "_" for ch in token))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(" \t\n\u00a0\u2028\u3000_-—.,!?*#`aZé9東😀\u0301\x1c\x0b"), max_size=60))
def test_count_words_matches_the_definition(text: str) -> None:
    assert count_words(text) == _count_words_token_by_token(text)


def test_count_words_matches_the_definition_on_every_character() -> None:
    # Every code point alone, glued into a word and between underscores, in
    # texts of 512 code points each: one miscounted character (a space Python
    # splits on but the regex does not see, a letter it misses) fails its text.
    for first in range(0, 0x110000, 512):
        chars = [chr(c) for c in range(first, first + 512) if not 0xD800 <= c <= 0xDFFF]
        for text in (" ".join(chars), " ".join(f"a{ch}b" for ch in chars), " ".join(f"_{ch}_" for ch in chars)):
            assert count_words(text) == _count_words_token_by_token(text), hex(first)
