"""Who reviewed which translated entry: a `# reviewed-by:` comment on each entry of a language's catalogue.

Issue 14: a translation not yet reviewed by a medical translator says so on every page; the catalogue records who
reviewed what, so that a reviewer can lift that line. A reviewer adds, above each entry they checked,

    # reviewed-by: Name, YYYY-MM-DD

(`pybabel update`, which `make messages` runs, keeps such comments). Once every entry carries one, the reviewer's
name goes into translations/languages.csv (`reviewed_by`) and the line goes; the registry refuses a name there
while any entry is still unreviewed. `make reviews` prints where each language stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

MARK = "reviewed-by:"
TRANSLATIONS = Path(__file__).resolve().parent / "translations"


@dataclass(frozen=True)
class Review:
    """How much of one catalogue a medical translator has reviewed, and who."""

    reviewed: int
    total: int
    reviewers: tuple[str, ...]  # each name once, in the order first met
    unreviewed: tuple[str, ...]  # the msgids still without a reviewer

    @property
    def complete(self) -> bool:
        """Say whether every entry carries a reviewer."""
        return self.total > 0 and self.reviewed == self.total


def reviewer(comments: list[str]) -> str:
    """Return the name on an entry's `reviewed-by:` comment, or ''."""
    for comment in comments:
        if comment.strip().startswith(MARK):
            return comment.strip()[len(MARK):].split(",")[0].strip()
    return ""


def read(path: Path) -> Review:
    """Read one catalogue's review marks."""
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    names, missing, reviewed, total = [], [], 0, 0
    for message in catalogue:
        if not message.id:
            continue  # the header
        total += 1
        # A fuzzy entry's English changed after the review (pybabel update keeps the comment): it needs a new one.
        name = "" if message.fuzzy else reviewer(message.user_comments)
        if name:
            reviewed += 1
            if name not in names:
                names.append(name)
        else:
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return Review(reviewed, total, tuple(names), tuple(missing))


def report(folder: Path = TRANSLATIONS) -> str:
    """Return a line per catalogue: entries reviewed, of how many, and by whom."""
    lines = []
    for path in sorted(folder.glob("*/LC_MESSAGES/messages.po")):
        review = read(path)
        who = ", ".join(review.reviewers) or "nobody yet"
        lines.append(f"{path.parts[-3]}: {review.reviewed:,} of {review.total:,} entries reviewed ({who})")
    return "\n".join(lines)
