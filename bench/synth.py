"""A synthetic portfolio of any size, deterministic for a given seed.

`write_portfolio(root, stories=N, applications=M, seed=S)` writes a content
folder shaped like a real job search: every story has STAR sections of
400-800 words in all, tags, metrics and (sometimes) private notes; every
application has criteria citing stories, three answers of three versions
each (under their word limit, so the portfolio loads with no warning),
a contact and notes. Every story is cited by at least one application.

The same (N, M, seed) always gives byte-identical files.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

# Bump when the generated files change shape, so cached portfolios are rebuilt.
SYNTH_VERSION = 3

_WORDS = (
    "the a of to and in for with on by from as at into over through across "
    "team teams system systems product products customer customers engineer engineers "
    "cluster clusters capacity latency throughput incident incidents playbook roadmap "
    "launch launches metric metrics dashboard dashboards review reviews process processes "
    "partner partners research model models training inference data pipeline pipelines "
    "build built shipped led wrote designed measured reduced improved scaled automated "
    "migrated planned negotiated mentored aligned simplified debugged documented owned "
    "weekly quarterly critical reliable legible brittle manual costly complex clear "
    "hundreds thousands dozens three five twelve forty percent hours days weeks months "
    "because while after before until when where which that this those every each "
    "trust clarity ambiguity tradeoffs priorities risks deadlines budgets users writers "
    "GPU H100 API SLO on-call hand-offs write-ups root-cause follow-through 24/7"
).split()
_TITLE_WORDS = (
    "GPU fleet maintenance telemetry playbook capacity recovery onboarding search "
    "pricing launch migration hackathon curriculum dashboard reliability outage "
    "partnership roadmap writing mentoring hiring analytics latency billing"
).split()
_TAGS = [
    "infrastructure",
    "operations",
    "writing",
    "leadership",
    "analytics",
    "ai",
    "teaching",
    "hiring",
    "reliability",
    "product",
    "research",
    "community",
    "security",
    "pricing",
    "growth",
    "design",
    "data",
    "partnerships",
    "mentoring",
    "automation",
    "incident-response",
    "strategy",
    "devtools",
    "cloud",
    "gpu",
    "evaluation",
    "ux",
    "docs",
    "open-source",
    "finance",
]
_COMPANIES = (
    "Acme Anvil Globex Initech Umbrella Stark Wayne Tyrell Cyberdyne Soylent "
    "Hooli Pied Vandelay Wonka Oscorp Aperture Massive Dynamic Gringotts Nakatomi"
).split()
_ROLES = [
    "Product Manager",
    "Technical Program Manager",
    "Associate Product Manager",
    "Developer Advocate",
    "Solutions Engineer",
    "Program Lead",
]
_STATUSES = ["idea", "drafting", "submitted", "interviewing", "offer", "rejected", "withdrawn"]
_SENT = {"submitted", "interviewing", "offer", "rejected"}
_KINDS = ["answer", "answer", "cover-letter"]
ANSWER_WORD_LIMIT = 300


class _Text:
    """Deterministic filler prose with a little Markdown in it."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def sentence(self) -> str:
        words = self.rng.choices(_WORDS, k=self.rng.randint(8, 20))
        for i in range(1, len(words)):  # no word twice in a row: `portfolio check` flags that
            if words[i] == words[i - 1]:
                words[i] = _WORDS[(_WORDS.index(words[i]) + 1) % len(_WORDS)]
        if self.rng.random() < 0.15:
            i = self.rng.randrange(len(words))
            words[i] = f"**{words[i]}**"
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, words: int) -> str:
        """Sentences of exactly `words` words in all (so limits hold)."""
        sentences, left = [], max(words, 1)
        while left > 0:
            sentence = self.sentence().split()
            if len(sentence) > left:
                sentence = sentence[:left]
                sentence[-1] = sentence[-1].rstrip(".") + "."
            sentences.append(" ".join(sentence))
            left -= len(sentence)
        return " ".join(sentences)

    def markdown(self, words: int) -> str:
        """About `words` words in paragraphs of ~60-120 words, sometimes a list."""
        parts, left = [], words
        while left > 0:
            size = min(left, self.rng.randint(60, 120))
            if self.rng.random() < 0.15 and size > 30:
                items = [self.paragraph(size // 3) for _ in range(3)]
                size = 3 * (size // 3)
                parts.append("\n".join(f"- {item}" for item in items))
            else:
                parts.append(self.paragraph(size))
            left -= size
        return "\n\n".join(parts)

    def draft(self, words: int) -> list[list[str]]:
        """A first version: paragraphs of sentences, about `words` words."""
        paragraphs, left = [], words
        while left > 0:
            paragraph = self.paragraph(min(left, self.rng.randint(60, 120)))
            paragraphs.append([s + "." for s in paragraph.rstrip(".").split(". ")])
            left -= len(paragraph.split())
        return paragraphs

    def revise(self, draft: list[list[str]], most: int) -> list[list[str]]:
        """The next version: some sentences rewritten, dropped or added, as people edit."""
        revised = []
        for paragraph in draft:
            sentences = []
            for sentence in paragraph:
                roll = self.rng.random()
                if roll < 0.2:
                    sentences.append(self.sentence())  # rewritten
                elif roll >= 0.25:
                    sentences.append(sentence)  # kept (0.2-0.25: dropped)
                if self.rng.random() < 0.05:
                    sentences.append(self.sentence())  # added
            revised.append(sentences or [self.sentence()])
        while sum(len(s.split()) for p in revised for s in p) > most:  # stay under the limit
            revised[-1].pop()
            if not revised[-1]:
                revised.pop()
        return revised

    def title(self, k: int = 3) -> str:
        return " ".join(self.rng.sample(_TITLE_WORDS, k)).capitalize()


def _block(key: str, text: str, indent: int) -> str:
    """A `key: |` literal block at `indent` spaces."""
    pad = " " * (indent + 2)
    body = "\n".join(pad + line if line else "" for line in text.split("\n"))
    return f"{' ' * indent}{key}: |\n{body}\n"


def _scalar(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def story_id(i: int, rng: random.Random) -> str:
    return f"s{i:05d}-" + "-".join(w.lower() for w in rng.sample(_TITLE_WORDS, 2))


def _story(text: _Text, rng: random.Random, i: int) -> str:
    total = rng.randint(400, 800)
    shares = [0.25, 0.15, 0.4, 0.2]
    year = 2015 + i % 10
    lines = [
        "# yaml-language-server: $schema=../../schema/story.schema.json\n",
        f"title: {_scalar(text.title())}\n",
        f"summary: {_scalar(text.sentence())}\n",
        f"org: {_scalar(rng.choice(_COMPANIES) + ' Corp')}\n",
        f"role: {_scalar(rng.choice(_ROLES))}\n",
        f"start: {year}-{1 + i % 12:02d}\n",
        f"end: {'present' if i % 7 == 0 else year + 1}\n",
        f"tags: [{', '.join(rng.sample(_TAGS, rng.randint(2, 4)))}]\n",
    ]
    for key, share in zip(("situation", "task", "action", "result"), shares, strict=True):
        lines.append(_block(key, text.markdown(int(total * share)), 0))
    lines.append("metrics:\n")
    lines += [
        f"  - {_scalar(f'{rng.randint(2, 99)}% ' + ' '.join(rng.sample(_WORDS, 2)))}\n"
        for _ in range(rng.randint(1, 3))
    ]
    if i % 10 == 3:
        lines.append("visibility: private\n")
    if i % 3 == 0:
        lines.append(_block("notes", text.paragraph(40), 0))
    return "".join(lines)


def _application(text: _Text, rng: random.Random, j: int, own: list[str], all_ids: list[str]) -> str:
    status = _STATUSES[j % len(_STATUSES)]
    month = 1 + j % 12
    company = _COMPANIES[j % len(_COMPANIES)]
    lines = [
        "# yaml-language-server: $schema=../../schema/application.schema.json\n",
        f"company: {_scalar(company)}\n",
        f"role: {_scalar(_ROLES[j % len(_ROLES)])}\n",
        f"status: {status}\n",
        f"opened: 2025-{month:02d}-01\n",
    ]
    if status in _SENT:
        lines.append(f"submitted: 2025-{month:02d}-10\n")
    lines.append(f"deadline: 2025-{month:02d}-20\n")
    lines.append(f"url: https://jobs.example.org/{company.lower()}/{j}\n")
    # Every story this application owns is cited by one of its criteria.
    criteria: list[list[str]] = [[] for _ in range(4)]
    for k, sid in enumerate(own):
        criteria[k % 4].append(sid)
    lines.append("criteria:\n")
    for cited in criteria:
        extra = rng.sample(all_ids, 1) if rng.random() < 0.5 or not cited else []
        cited = list(dict.fromkeys(cited + extra))
        lines.append(f"  - text: {_scalar(text.sentence())}\n")
        lines.append(f"    stories: [{', '.join(cited)}]\n")
    lines.append("answers:\n")
    for a, kind in enumerate(_KINDS):
        pool = own + rng.sample(all_ids, min(2, len(all_ids)))
        lines += [
            f"  - id: answer-{a + 1}\n",
            f"    title: {_scalar(text.title(2))}\n",
            f"    kind: {kind}\n",
            _block("prompt", text.sentence() + f" In {ANSWER_WORD_LIMIT} words or less.", 4),
            f"    limit: {{words: {ANSWER_WORD_LIMIT}}}\n",
            f"    stories: [{', '.join(dict.fromkeys(rng.sample(pool, min(3, len(pool)))))}]\n",
            "    final: v3\n" if a % 2 == 0 else "",
            "    versions:\n",
        ]
        draft = text.draft(rng.randint(150, 240))
        for v in range(3):
            if v:
                draft = text.revise(draft, ANSWER_WORD_LIMIT - 20)
            lines += [
                f"      - id: v{v + 1}\n",
                f"        date: 2025-{month:02d}-{2 + 3 * v:02d}\n",
                f"        note: {_scalar(text.sentence())}\n",
                _block("text", "\n\n".join(" ".join(paragraph) for paragraph in draft), 8),
            ]
    lines += [
        "contacts:\n",
        f"  - name: {_scalar('Recruiter ' + str(j))}\n",
        "    role: Recruiter\n",
        f"    email: recruiter{j}@example.org\n",
        f"    notes: {_scalar(text.sentence())}\n",
        _block("notes", text.markdown(60), 0),
    ]
    return "".join(lines)


_PROFILE = """\
# yaml-language-server: $schema=../schema/profile.schema.json
name: Bench Marker
headline: Product manager for developer tools
email: bench@example.org
location: Lisbon
links:
  - label: Blog
    url: https://example.org/blog
summary: |
  I make complicated systems **legible** to the people who run them.
"""


def write_portfolio(root: Path, stories: int, applications: int, seed: int = 0) -> Path:
    """Write a content folder of `stories` stories and `applications` applications at `root`."""
    if stories < 1 or applications < 1:
        raise ValueError("a synthetic portfolio needs at least one story and one application")
    rng = random.Random(f"portfolio-bench-{seed}")
    text = _Text(rng)
    root = Path(root)
    for folder in ("stories", "applications", "pages"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "profile.yaml").write_text(_PROFILE, encoding="utf-8")
    (root / "pages" / "about.md").write_text("# About this portfolio\n\n" + text.markdown(150) + "\n", encoding="utf-8")
    ids = [story_id(i, rng) for i in range(stories)]
    for i, sid in enumerate(ids):
        (root / "stories" / f"{sid}.yaml").write_text(_story(text, rng, i), encoding="utf-8")
    for j in range(applications):
        own = ids[j::applications]
        app_id = f"a{j:04d}-{_COMPANIES[j % len(_COMPANIES)].lower()}"
        body = _application(text, rng, j, own, ids)
        (root / "applications" / f"{app_id}.yaml").write_text(body, encoding="utf-8")
    return root


def ensure_portfolio(work: Path, stories: int, applications: int, seed: int = 0) -> Path:
    """A cached synthetic portfolio at `work/<N>x<M>-s<seed>/content`, written once."""
    base = Path(work) / f"{stories}x{applications}-s{seed}"
    content = base / "content"
    stamp = base / "synth-stamp.json"
    wanted = {"version": SYNTH_VERSION, "stories": stories, "applications": applications, "seed": seed}
    if stamp.is_file() and json.loads(stamp.read_text()) == wanted and content.is_dir():
        return content
    if content.exists():
        import shutil

        shutil.rmtree(content)
    write_portfolio(content, stories, applications, seed)
    stamp.write_text(json.dumps(wanted))
    return content


if __name__ == "__main__":  # python bench/synth.py OUT N M [SEED]
    import sys

    out, n, m, *rest = sys.argv[1:]
    write_portfolio(Path(out), int(n), int(m), int(rest[0]) if rest else 0)
    print(f"wrote {n} stories and {m} applications to {out}")
