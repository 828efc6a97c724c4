"""A format-neutral document: the blocks a plan summary or meeting pack is made of.

Services build a ``Document`` from the store; ``pdf``, ``docx`` and ``html`` lay the same
document out, so the three formats always carry the same content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

DEFAULT_MARKING = "OFFICIAL-SENSITIVE"


@dataclass(frozen=True)
class Heading:
    """A section heading; level 1 is a section, 2 a subsection."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """Running text; ``style`` is ``body``, ``note`` (small, grey) or ``warning`` (red)."""

    text: str
    style: str = "body"


@dataclass(frozen=True)
class Table:
    """A table with a header row; rows in ``flagged`` (0-based) are marked, e.g. overdue."""

    header: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None  # relative column widths
    flagged: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Fields:
    """Label and value pairs, laid out as a two-column table."""

    pairs: list[tuple[str, str]]


@dataclass(frozen=True)
class Image:
    """A PNG picture with a caption; ``width`` is the fraction of the text width it takes."""

    png: bytes
    caption: str = ""
    width: float = 1.0


@dataclass(frozen=True)
class PageBreak:
    """Start a new page (a horizontal rule on screen)."""


@dataclass(frozen=True)
class Letterhead:
    """What heads every page: the protective marking, the author and the date."""

    marking: str = DEFAULT_MARKING
    author: str = ""
    created: date = field(default_factory=date.today)


Block = Heading | Paragraph | Table | Fields | Image | PageBreak


@dataclass
class Document:
    """A titled document with its protective marking, author and date."""

    title: str
    subtitle: str = ""
    marking: str = DEFAULT_MARKING
    author: str = ""
    created: date = field(default_factory=date.today)
    blocks: list[Block] = field(default_factory=list)

    @classmethod
    def under(cls, letterhead: Letterhead, title: str, subtitle: str = "") -> Document:
        """A new document carrying a letterhead."""
        return cls(title, subtitle, marking=letterhead.marking, author=letterhead.author,
                   created=letterhead.created)

    def add(self, *blocks: Block) -> None:
        """Append blocks in order."""
        self.blocks.extend(blocks)

    @property
    def dateline(self) -> str:
        """The date as documents print it, e.g. ``5 March 2025``."""
        return f"{self.created.day} {self.created:%B %Y}"

    def text(self) -> str:
        """Every text of the document, one per line (for searching and tests)."""
        lines = [self.title, self.subtitle]
        for block in self.blocks:
            if isinstance(block, Heading | Paragraph):
                lines.append(block.text)
            elif isinstance(block, Table):
                lines.extend(" | ".join(row) for row in [block.header, *block.rows])
            elif isinstance(block, Fields):
                lines.extend(f"{label}: {value}" for label, value in block.pairs)
            elif isinstance(block, Image):
                lines.append(block.caption)
        return "\n".join(line for line in lines if line)
