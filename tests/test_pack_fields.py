"""A content field in a pack: the site's own reading of it, checked against Pandoc's CommonMark reader.

The packs take each field's blocks from markdown-it-py, the site's parser
(generator/pack/fieldast.py). Before, Pandoc read each field itself; the
test below keeps that reading as an independent witness: for every
CommonMark spec example, the hostile corpus and the edges below, the pack's
Typst is the Typst of Pandoc's reading, but for the examples named in
`DIFFERENT`, each with its reason.
"""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from jinja2.filters import do_indent

from generator.pack import fieldast
from generator.pack import pandoc as pandoc_module
from generator.pack.markdown import field_block, field_key, pandoc_markdown_environment, split_fields
from generator.pack.pandoc import find_pandoc, reading_fingerprint
from tests.markdown_corpus import HOSTILE, spec_examples

PANDOC_READING = Path(__file__).parent / "data" / "pack" / "pandoc-content-reading.lua"
CONTENT_FORMAT = "commonmark+pipe_tables+strikeout+autolink_bare_uris+footnotes"

# Long runs of words, which the pack hands to Pandoc in Strs of several words
# (fieldast.py `_words`): every word that Pandoc's Typst writer escapes by its
# first character, at every place in a Str, first in a run (after a hard
# break, emphasis, a line of the text), and text over several lines of raw HTML.
_TRICKY_WORDS = (
    "alpha ;semi (paren 1. -dash =eq /slash +plus //two #hash *star _u [br] <lt> @at $d \\\\bs `tick ~t 'q .net"
)
LONG_RUNS = [
    " ".join(_TRICKY_WORDS.split() * 6),
    " ".join(_TRICKY_WORDS.split()[::-1] * 6),
    "*emph* " + " ".join(_TRICKY_WORDS.split() * 4) + "\nand **strong** " + " ".join(_TRICKY_WORDS.split() * 3),
    *("x " * n + _TRICKY_WORDS + "\\\n" + _TRICKY_WORDS for n in range(1, 9)),
    *(f"*a*{word} b\\\n{word} c\n{word} d" for word in _TRICKY_WORDS.split()),
    "<div>\nfoo bar\nbaz\n</div>",
    "<pre>\nx\n\ny z\n\n(b ;c .d\n</pre>",
    "<!-- TODO:\n\ntighten this\nand that -->",
]

# Fields whose first or last block might reach past its end: lists, quotes,
# indented code, tables, setext and hard-break lookalikes. No note here refers
# to itself: Pandoc's reader runs out of memory on one (`a[^1]` and
# `[^1]: see[^1]`), which is one reason the packs no longer use it.
FIELD_EDGES = [
    "- a\n- b",
    "- a\n\n- b\n\n  c",
    "1. one\n2. two\n\n   more",
    "> quote\nlazy",
    "    indented code\n\n    more code",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "| a | b |\n|:--|--:|\n| 1 |",
    "text\n===",
    "===\ntext",
    "---",
    "line with hard break  \nnext\\",
    "*open emphasis",
    "closing emphasis*",
    "tab\tseparated\n\tindented",
    "# Heading\n\n* * *\n\n- item\n\n      code in item\n\nLast words",
    "- a\n-",
    "- a\n- b\n---",
    "Note[^1] and again[^1], and[^2].\n\n[^1]: First *note*.\n\n    More of it.\n\n[^2]: Second.",
    "[^unused]: never referred to\n\nWords",
    "0. zero\n1. one",
    "3) three\n4) four",
    "\ufeff# Heading\n\nwords",
    *LONG_RUNS,
]

# Spec example number (or text) -> why the pack's Typst differs from that of Pandoc's reading.
DIFFERENT = {
    **dict.fromkeys([20, 348, 528, 540, 602, 605], "the link's address is percent-encoded, as on the site"),
    **dict.fromkeys([39, 40], "`&#10;` and `&#9;` are white space, as the site's HTML shows them"),
    **dict.fromkeys([202, 487, 488, 489, 569], "a link to nothing is its text (Pandoc links the part's own file)"),
    **dict.fromkeys([203, 570], "Pandoc's Typst writer escapes `(` after other words: the same text prints"),
    503: "Pandoc's reading prefixes `#fragment` with the witness's own file name (`--file-scope`)",
    **dict.fromkeys([575, 578, 579, 587, 591], "an image's description is plain text in its link, as on the site"),
    "Footnote[^x]\n\n[^x]: one\n[^x]: two": "a note defined twice is its last definition, as on the site (Pandoc: the first)",
    LONG_RUNS[-2]: "raw HTML's lines are words and line breaks, not one Str: the writer escapes `(` after two breaks",
}


@pytest.fixture(scope="module")
def pandoc():
    return find_pandoc()


def pandoc_reading(pandoc, texts: list[str], folder: Path) -> list[str]:
    """Each text as Typst, read by Pandoc's CommonMark reader on its own (`--file-scope`)."""
    mark = "WITNESSMARK0123"
    names = []
    for n, text in enumerate(texts):
        names.append(f"f{n}.md")
        normalized = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n").rstrip()
        (folder / names[-1]).write_text(f"{mark}\n\n{normalized}\n", encoding="utf-8")
    command = [pandoc.path, "--from", CONTENT_FORMAT, "--file-scope", "--lua-filter", str(PANDOC_READING)]
    done = subprocess.run(
        [*command, "--to", "typst", "--wrap=none", *names], cwd=folder, capture_output=True, check=True
    )
    return [text.strip("\n") for text in done.stdout.decode().split(f"{mark}\n")[1:]]


def test_a_field_reads_in_the_pack_as_pandocs_own_reader_reads_it(pandoc, tmp_path: Path) -> None:
    examples = spec_examples()
    texts = [*examples, *FIELD_EDGES, *(text.replace("{marker}", "MARKER") for text in HOSTILE)]
    ours = pandoc.typst_parts([field_block(text) for text in texts])
    theirs = pandoc_reading(pandoc, texts, tmp_path)
    assert len(theirs) == len(texts)
    differing = {n + 1 if n < len(examples) else texts[n] for n in range(len(texts)) if ours[n] != theirs[n]}
    assert differing == set(DIFFERENT)


def test_words_joined_in_strs_make_the_same_word_and_text_files(pandoc, monkeypatch: pytest.MonkeyPatch) -> None:
    """Strs of several words (fieldast.py `_joined`) make the Word file and plain text of one Str per word."""
    texts = [*spec_examples(), *FIELD_EDGES, *(text.replace("{marker}", "MARKER") for text in HOSTILE)]
    parts = [field_block(text) for text in texts]
    joined = pandoc.docx(parts), pandoc.plain(parts)
    fieldast.field_json.cache_clear()
    # Each word a Str, as Pandoc's reader makes them.
    monkeypatch.setattr(
        fieldast, "_joined", lambda pieces: [{"t": "Str", "c": p} if isinstance(p, str) else p for p in pieces]
    )
    try:
        word_by_word = pandoc.docx(parts), pandoc.plain(parts)
    finally:
        fieldast.field_json.cache_clear()
    assert _document_xml(joined[0]) == _document_xml(word_by_word[0])
    assert joined[1] == word_by_word[1]


def test_a_word_the_writer_may_escape_starts_a_str() -> None:
    """Pandoc's Typst writer escapes a Str's first `;` (and `.` since 3.9.0.1): such a word never sits inside a Str."""
    texts = [*spec_examples(), *FIELD_EDGES]
    words_inside = [
        word
        for text in texts
        for inline in _inlines(json.loads(fieldast.field_json(text)))
        if inline.get("t") == "Str"
        for word in inline["c"].split(" ")[1:]
    ]
    assert words_inside and all(word[:1].isalnum() for word in words_inside)
    assert "alpha" in words_inside  # words are joined: the check has something to look at


def _inlines(tree: object) -> list[dict]:
    """Every element of a Pandoc JSON tree."""
    found: list[dict] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            found.append(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def _document_xml(docx: bytes) -> str:
    """The Word file's text and its notes."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return archive.read("word/document.xml").decode() + archive.read("word/footnotes.xml").decode()


def test_a_field_indented_by_its_template_reads_back_as_typed() -> None:
    text = "First line\n\n    code of the field\n\n- item\n\n  more of it"
    in_a_list_item = "- " + do_indent(field_block(text), 2)  # as `- {{ text|field|indent(2) }}`
    fence, key = "```", field_key(text)
    assert split_fields(f"Before\n\n{in_a_list_item}\n\nAfter\n") == (
        f"Before\n\n- {fence} {{.pf-field field={key}}}\n  {fence}\n\nAfter\n",
        {key: text},
    )


def test_a_field_block_that_does_not_read_back_is_refused() -> None:
    block = field_block("Some words")
    with pytest.raises(ValueError, match="does not read back"):
        split_fields(block.replace("Some words", "Other words"))


def test_a_new_version_of_the_fields_parser_is_a_new_pack_cache_key(monkeypatch: pytest.MonkeyPatch) -> None:
    before = reading_fingerprint()
    assert reading_fingerprint() == before
    real_version = pandoc_module.importlib.metadata.version
    monkeypatch.setattr(
        pandoc_module.importlib.metadata,
        "version",
        lambda name: "99.0" if name == "markdown-it-py" else real_version(name),
    )
    assert reading_fingerprint() != before


@pytest.mark.parametrize(
    ("text", "typst"),
    [
        ("a[^1]\n\n[^1]: see[^1]", "a#footnote[see]"),  # a note that refers to itself
        ("x[^1]\n\n[^1]: y[^2]\n\n[^2]: z", "x#footnote[y\n\nz]"),
        ("a[^1]\n\n[^1]: > q[^1]", "a#footnote[#quote(block: true)[\nq\n]]"),
        ("see [^2] more[^1]\n\n[^1]: n [^2] m\n\n[^2]: two", "see #footnote[two] more#footnote[n m\n\ntwo]"),
    ],
)
def test_a_note_referred_to_inside_a_note_ends_that_note(pandoc, text: str, typst: str) -> None:
    assert pandoc.typst_parts([field_block(text)]) == [typst]


def test_notes_that_refer_to_each_other_stay_small(pandoc) -> None:
    chain = "x[^1]\n\n" + "\n\n".join(f"[^{n}]: a[^{n + 1}] b[^{n + 1}]" for n in range(1, 60))
    (typst,) = pandoc.typst_parts([field_block(chain)])
    # Each note once; the last refers to a note never defined, which shows as typed.
    assert typst == "x#footnote[" + "\n\n".join(["a b"] * 58 + ["a\\[^60\\] b\\[^60\\]"]) + "]"


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "&#x2028;", "&#13;", "&#12;"])
def test_a_line_separator_in_a_field_starts_no_typst_markup(pandoc, separator: str) -> None:
    text = f"words{separator}= not a heading{separator}- not an item{separator}/ not: a term"
    (typst,) = pandoc.typst_parts([field_block(text)])
    assert typst == "words = not a heading - not an item / not: a term"


def test_a_field_that_looks_like_a_field_block_is_its_text(pandoc) -> None:
    forged = "see ``` {.pf-field field=000000000000000000000000}\nmore"
    parts = [field_block(forged) + "\n\n" + field_block("Second field")]
    assert pandoc.typst_parts(parts) == [
        "see \\`\\`\\` {.pf-field field=000000000000000000000000} more\n\nSecond field"
    ]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_a_field_indented_in_a_list_item_may_hold_line_separators(pandoc, tmp_path: Path, separator: str) -> None:
    env = pandoc_markdown_environment(tmp_path)  # the packs', the résumé's and the call sheets' Jinja
    env.filters["field"] = field_block
    markdown = env.from_string("- {{ text|field|indent(2) }}\n").render(text=f"Led the team{separator}and shipped")
    assert pandoc.typst_parts([markdown]) == ["- Led the team and shipped"]


def test_a_line_separator_at_the_start_of_a_line_starts_no_block(pandoc) -> None:
    # The site reads one paragraph (a separator is no indent to markdown-it), and so does the pack.
    assert pandoc.typst_parts([field_block("Intro\n\u2028- item\n\u2028\u2028\u2028\u2028code")]) == [
        "Intro - item code"
    ]


def test_what_is_left_out_leaves_one_space(pandoc) -> None:
    text = "see [^2] more[^1] and [](#) end\n\n[^1]: n [^2] m\n\n[^2]: two"
    assert pandoc.plain([field_block(text)]).decode() == "see [1] more[2] and end\n\n[1] two\n\n[2] n m\n\ntwo\n"


def test_a_quoted_field_is_a_quote(pandoc) -> None:
    assert pandoc.typst_parts([field_block("Why *us*?", "pf-quoted-field")]) == [
        "#quote(block: true)[\nWhy #emph[us]?\n]"
    ]


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("| a |\n|---|\n| - b |", "[\\- b]"),  # a table cell: a list in Typst
        ("| a |\n|---|\n| 1. b |", "[\\1. b]"),  # a numbered list
        ("x[^1]\n\n[^1]: \\- item", "#footnote[\\- item]"),  # a note
        ("x[^1]\n\n[^1]: [^2] = h\n\n[^2]: c", "#footnote[\\= h\n\nc]"),  # a heading, after a mark left out
        ("- \\+ b", "- \\+ b"),  # a list item
        ("> / term: x", "\\/ term: x"),  # a term list, in a quote
    ],
)
def test_text_at_the_start_of_a_note_cell_or_item_starts_no_typst_markup(pandoc, text: str, escaped: str) -> None:
    (typst,) = pandoc.typst_parts([field_block(text)])
    assert escaped in typst


@pytest.mark.parametrize(
    ("text", "escaped"), [("a-[](#)? b", "a-\\? b"), ("x[^1]\n\n[^1]: a.[^2].\n\n[^2]: c", "a.\\.")]
)
def test_typst_shorthands_made_where_something_was_left_out_are_escaped(pandoc, text: str, escaped: str) -> None:
    (typst,) = pandoc.typst_parts([field_block(text)])
    assert escaped in typst
