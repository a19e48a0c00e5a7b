"""The guide as a typeset PDF (ReportLab platypus).

A title page, a table of contents with real page numbers (``multiBuild`` lays the document out
until the numbers settle), an introduction, the challenge's figures, then one section per
theme with its figures, quotes (attributed to pseudonyms) and tips. Headings are also PDF
bookmarks, so a reader's outline pane navigates the guide.

Fonts: DejaVu Sans when the system has it (it covers Latin, Greek and Cyrillic), otherwise
Bitstream Vera, which ships inside ReportLab. Both are embedded. A character the font cannot
draw (an emoji, Chinese) becomes U+FFFD rather than an invisible box or an error; the HTML,
Markdown and JSON exports keep every character.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from guide.exports import common

DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
VERA_DIR = Path(reportlab.__file__).resolve().parent / "fonts"

TEXT = colors.HexColor("#212b32")
SECONDARY = colors.HexColor("#4c6272")
LINK = "#005eb8"
BLUE = colors.HexColor("#005eb8")
RULE = colors.HexColor("#d8dde0")
DRAFT = colors.HexColor("#ffeb3b")

# (family name, folder, files for regular, bold, italic, bold italic)
_TRUETYPE_FAMILIES = (
    (
        "GsDejaVuSans",
        lambda: DEJAVU_DIR,
        (
            "DejaVuSans.ttf",
            "DejaVuSans-Bold.ttf",
            "DejaVuSans-Oblique.ttf",
            "DejaVuSans-BoldOblique.ttf",
        ),
    ),
    ("GsVera", lambda: VERA_DIR, ("Vera.ttf", "VeraBd.ttf", "VeraIt.ttf", "VeraBI.ttf")),
)


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    italic: str
    covers: Callable[[str], bool]


@cache
def _truetype(family: str, folder: Path, files: tuple[str, ...]) -> Fonts | None:
    names = [family, f"{family}-Bold", f"{family}-Italic", f"{family}-BoldItalic"]
    try:
        faces = []
        for name, file in zip(names, files, strict=True):
            font = TTFont(name, str(folder / file))
            pdfmetrics.registerFont(font)
            faces.append(font)
    except (OSError, TTFError):
        return None
    pdfmetrics.registerFontFamily(
        family, normal=names[0], bold=names[1], italic=names[2], boldItalic=names[3]
    )
    glyphs = frozenset(faces[0].face.charToGlyph)
    return Fonts(names[0], names[1], names[2], lambda char: ord(char) in glyphs)


def _helvetica_covers(char: str) -> bool:
    try:
        char.encode("cp1252")  # the standard fonts' WinAnsi encoding
    except UnicodeEncodeError:
        return False
    return True


def fonts() -> Fonts:
    """The first font family that can be registered; Helvetica if none can."""
    for family, folder, files in _TRUETYPE_FAMILIES:
        found = _truetype(family, folder(), files)
        if found is not None:
            return found
    return Fonts("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", _helvetica_covers)


class _Markup:
    """Plain text made safe for ReportLab's paragraph markup in one font."""

    def __init__(self, fonts: Fonts):
        self.covers = fonts.covers
        self.missing = "\ufffd" if fonts.covers("\ufffd") else "?"

    def drawable(self, value: str | None) -> str:
        """``value`` with each character the font cannot draw replaced (not yet escaped)."""
        return "".join(
            char if char == "\n" or self.covers(char) else self.missing for char in value or ""
        )

    def text(self, value: str | None) -> str:
        return xml_escape(self.drawable(value)).replace("\n", "<br/>")

    def line(self, value: str | None) -> str:
        return self.text(common.one_line(value))

    @staticmethod
    def link(url: str, label: str) -> str:
        href = xml_escape(url, {'"': "&quot;"})
        return f'<a href="{href}" color="{LINK}"><u>{label}</u></a>'


class _Heading(Paragraph):
    """A heading that becomes a bookmark, an outline entry and (if listed) a contents line."""

    def __init__(
        self, markup: str, style: ParagraphStyle, *, title: str, key: str, level: int, listed: bool
    ):
        super().__init__(markup, style)
        self.outline = (title, key, level, listed, markup)


class _GuideTemplate(BaseDocTemplate):
    def __init__(self, buffer, *, running_title: str, font: str, **kwargs):
        super().__init__(buffer, **kwargs)
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._furniture)])
        self._running_title = running_title
        self._font = font

    def _furniture(self, canvas, doc):
        if doc.page == 1:
            return  # the title page has no running footer
        canvas.saveState()
        canvas.setFont(self._font, 8)
        canvas.setFillColor(SECONDARY)
        canvas.drawString(self.leftMargin, 12 * mm, self._running_title[:90])
        canvas.drawRightString(self.leftMargin + self.width, 12 * mm, f"Page {doc.page}")
        canvas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        outline = getattr(flowable, "outline", None)
        if outline is None:
            return
        title, key, level, listed, markup = outline
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)
        if listed:
            self.notify("TOCEntry", (level, markup, self.page, key))


class _Builder:
    def __init__(self, document: dict):
        self.doc = document
        self.fonts = fonts()
        self.m = _Markup(self.fonts)
        self.story: list[Flowable] = []
        self._keys = 0
        regular, bold = self.fonts.regular, self.fonts.bold
        base = ParagraphStyle(
            "GsBody", fontName=regular, fontSize=10.5, leading=15, textColor=TEXT, spaceAfter=6
        )
        self.styles = {
            "body": base,
            "kicker": ParagraphStyle("GsKicker", base, fontSize=12, textColor=SECONDARY),
            "title": ParagraphStyle(
                "GsTitle",
                base,
                fontName=bold,
                fontSize=28,
                leading=34,
                spaceBefore=24,
                spaceAfter=18,
            ),
            "h1": ParagraphStyle(
                "GsH1",
                base,
                fontName=bold,
                fontSize=18,
                leading=23,
                spaceBefore=6,
                spaceAfter=10,
                keepWithNext=1,
            ),
            "h2": ParagraphStyle(
                "GsH2",
                base,
                fontName=bold,
                fontSize=13,
                leading=17,
                spaceBefore=12,
                spaceAfter=6,
                keepWithNext=1,
            ),
            "meta": ParagraphStyle("GsMeta", base, fontSize=9.5, textColor=SECONDARY),
            "draft": ParagraphStyle(
                "GsDraft", base, backColor=DRAFT, borderPadding=6, spaceBefore=6, spaceAfter=12
            ),
            "quote": ParagraphStyle("GsQuote", base, leftIndent=14, borderPadding=0),
            "quote_title": ParagraphStyle("GsQuoteTitle", base, fontName=bold, leftIndent=14),
            "attribution": ParagraphStyle(
                "GsAttribution",
                base,
                fontSize=9,
                leading=12,
                leftIndent=14,
                textColor=SECONDARY,
                spaceAfter=12,
            ),
            "tip": ParagraphStyle("GsTip", base, leftIndent=14),
            "cell": ParagraphStyle("GsCell", base, fontSize=9.5, leading=12, spaceAfter=0),
            "cell_head": ParagraphStyle(
                "GsCellHead", base, fontName=bold, fontSize=9.5, leading=12, spaceAfter=0
            ),
            "num": ParagraphStyle(
                "GsNum", base, fontSize=9.5, leading=12, spaceAfter=0, alignment=TA_RIGHT
            ),
            "caption": ParagraphStyle(
                "GsCaption",
                base,
                fontName=bold,
                fontSize=9.5,
                spaceBefore=6,
                spaceAfter=4,
                keepWithNext=1,
            ),
            "toc0": ParagraphStyle(
                "GsToc0", base, fontSize=11, leading=16, leftIndent=0, firstLineIndent=0
            ),
            "toc1": ParagraphStyle(
                "GsToc1", base, fontSize=10, leading=14, leftIndent=14, firstLineIndent=0
            ),
        }

    # -- pieces --------------------------------------------------------------------------

    def heading(self, text: str, level: int, *, listed: bool = True) -> None:
        self._keys += 1
        style = self.styles["h1" if level == 0 else "h2"]
        markup = self.m.line(text)
        self.story.append(
            _Heading(
                markup,
                style,
                title=common.one_line(text),
                key=f"h{self._keys}",
                level=level,
                listed=listed,
            )
        )

    def paragraphs(self, text: str | None, style: str = "body") -> list[Flowable]:
        return [
            Paragraph(self.m.text(part), self.styles[style]) for part in common.paragraphs(text)
        ]

    def table(self, caption: str, rows: list[tuple[str, str]], head: tuple[str, str] | None = None):
        if not rows:
            return
        data = []
        if head:
            data.append(
                [
                    Paragraph(self.m.line(head[0]), self.styles["cell_head"]),
                    Paragraph(self.m.line(head[1]), self.styles["cell_head"]),
                ]
            )
        data += [
            [
                Paragraph(self.m.line(label), self.styles["cell"]),
                Paragraph(self.m.line(value), self.styles["num"]),
            ]
            for label, value in rows
        ]
        table = Table(
            data, colWidths=[110 * mm, 35 * mm], hAlign="LEFT", repeatRows=1 if head else 0
        )
        table.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                    ("LINEBELOW", (0, 0), (-1, 0), 1, TEXT)
                    if head
                    else ("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        self.story.append(
            KeepTogether([Paragraph(self.m.line(caption), self.styles["caption"]), table])
        )
        self.story.append(Spacer(1, 4 * mm))

    # -- the document --------------------------------------------------------------------

    def build(self) -> list[Flowable]:
        doc, guide, challenge, figures = (
            self.doc,
            self.doc["guide"],
            self.doc["challenge"],
            self.doc["figures"],
        )
        s = self.styles
        self.story += [
            Spacer(1, 30 * mm),
            Paragraph(self.m.line(challenge["title"]), s["kicker"]),
            Paragraph(self.m.line(guide["title"]), s["title"]),
        ]
        if guide["status"] == "draft":
            self.story.append(
                Paragraph(
                    "<b>Draft.</b> This is the editors' working copy: it has not been published.",
                    s["draft"],
                )
            )
        made = (
            f"Made from {common.plural(figures['contributions'], 'published contribution')} "
            f"by {common.plural(figures['contributors'], 'person', 'people')}."
        )
        self.story += [
            Paragraph(self.m.line(common.status_line(guide)) + ".", s["body"]),
            Paragraph(self.m.line(made), s["body"]),
            Paragraph(
                "The guide online: " + self.m.link(guide["url"], self.m.line(guide["url"])),
                s["meta"],
            ),
            Paragraph(
                "The challenge: " + self.m.link(challenge["url"], self.m.line(challenge["url"])),
                s["meta"],
            ),
            Paragraph(
                f"Generated {self.m.line(common.nice_date(doc['generated_at']))} by Groundswell. "
                "Contributors appear only under their pseudonyms for this challenge; groups "
                "of fewer than 5 people are not shown.",
                s["meta"],
            ),
            PageBreak(),
        ]

        self.heading("Contents", 0, listed=False)
        toc = TableOfContents(dotsMinLevel=0)
        toc.levelStyles = [s["toc0"], s["toc1"]]
        self.story += [toc, PageBreak()]

        self.heading("Introduction", 0)
        self.story += self.paragraphs(guide["introduction"])
        if challenge["summary"]:
            self.heading("About the challenge", 1, listed=False)
            self.story += self.paragraphs(challenge["summary"])

        self.heading(common.OVERVIEW_HEADING, 0)
        self.table(
            "The challenge in numbers (published contributions only)", common.overview_rows(figures)
        )
        self._cells(figures, "Contributors")

        for section in doc["sections"]:
            self._section(section)
        return self.story

    def _cells(self, figures: dict, who: str) -> None:
        for key, noun, plural in common.BREAKDOWNS:
            self.table(
                f"{who} by {noun.lower()} (groups of fewer than 5 people are not shown)",
                common.cell_rows(figures[key], plural),
                head=(noun, "People"),
            )

    def _section(self, section: dict) -> None:
        s = self.styles
        title = common.one_line(section["title"])
        self.story.append(PageBreak())
        self.heading(f"{section['position']}. {title}", 0)
        tags = f"<b>{self.m.line(common.stance_label(section['figures']['stance']))}</b>"
        if section["key_phrases"]:
            tags += " · Key phrases: " + self.m.line(", ".join(section["key_phrases"]))
        self.story.append(Paragraph(tags, s["meta"]))
        for field, heading in common.SECTION_PARTS:
            if not section[field]:
                continue
            if field != "summary":
                self.heading(heading, 1, listed=False)
            self.story += self.paragraphs(section[field])

        self.heading(common.FIGURES_HEADING, 1, listed=False)
        self.table(f"Figures for “{title}”", common.section_figure_rows(section["figures"]))
        self._cells(section["figures"], "Contributors to this theme")

        if section["quotes"]:
            self.heading(common.QUOTES_HEADING, 1, listed=False)
            for quote in section["quotes"]:
                parts: list[Flowable] = []
                if quote["title"]:
                    parts.append(Paragraph(self.m.line(quote["title"]), s["quote_title"]))
                parts += self.paragraphs(quote["text"], "quote")
                parts.append(
                    Paragraph(
                        f"— <b>{self.m.line(quote['pseudonym'])}</b>, answering "
                        f"“{self.m.line(quote['question'])}” · {quote['up_votes']:,} up, "
                        f"{quote['down_votes']:,} down · "
                        + self.m.link(quote["url"], self.m.line(quote["url"])),
                        s["attribution"],
                    )
                )
                self.story.append(KeepTogether(parts))
        if section["tips"]:
            self.heading(common.TIPS_HEADING, 1, listed=False)
            for tip in section["tips"]:
                parts = self.paragraphs(tip["text"], "tip")
                parts.append(
                    Paragraph(
                        f"— <b>{self.m.line(tip['pseudonym'])}</b> · {tip['up_votes']:,} up, "
                        f"{tip['down_votes']:,} down · "
                        + self.m.link(tip["url"], self.m.line(tip["url"])),
                        s["attribution"],
                    )
                )
                self.story.append(KeepTogether(parts))


def render_pdf(document: dict) -> bytes:
    builder = _Builder(document)
    story = builder.build()
    buffer = io.BytesIO()
    guide, challenge = document["guide"], document["challenge"]
    title = common.one_line(guide["title"])
    template = _GuideTemplate(
        buffer,
        running_title=builder.m.drawable(f"{title} — {common.one_line(challenge['title'])}"),
        font=builder.fonts.regular,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=22 * mm,
        title=title,
        author="Groundswell",
        subject=common.one_line(challenge["title"]),
        creator="Groundswell",
        keywords=["guide", challenge["slug"]],
        lang="en-GB",
        displayDocTitle=True,
    )
    template.multiBuild(story)
    return buffer.getvalue()
