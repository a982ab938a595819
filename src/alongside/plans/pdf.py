"""The relapse-prevention plan as a one-page PDF, with fpdf2 (pure Python).

The text is set in DejaVu Sans, bundled in ``data/fonts`` (Bitstream Vera licence), so every
letter a writer types in any language (Spanish and French accents, "Łukasz", "Мария", "Ἀθηνᾶ")
reaches the page; fpdf2 embeds only the glyphs used. A character the font lacks (an emoji) is
left out rather than failing the download.
"""

from __future__ import annotations

import logging
from pathlib import Path

from fpdf import FPDF

FONT_DIR = Path(__file__).resolve().parent / "data" / "fonts"
FONT = "DejaVuSans"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}

# fpdf2 logs each glyph the font lacks; a plan with an emoji is still a good plan.
logging.getLogger("fpdf.output").setLevel(logging.ERROR)


def relapse_plan_pdf(
    *, title: str, subtitle: str, sections: list[tuple[str, str]], footer: str, paper: str = "A4"
) -> bytes:
    """Render the plan; the font shrinks for long plans so that it stays on one page."""
    for size in (10.5, 9.5, 8.5, 7.5, 6.5):
        pdf = _render(title, subtitle, sections, footer, size, paper)
        if pdf.pages_count == 1:
            break
    return bytes(pdf.output())


def _render(title, subtitle, sections, footer, size, paper) -> FPDF:
    pdf = FPDF(format="Letter" if paper == "letter" else "A4")
    pdf.set_margins(15, 12, 15)
    pdf.set_auto_page_break(True, margin=12)
    for style, name in FONT_FILES.items():
        pdf.add_font(FONT, style, str(FONT_DIR / name))
    pdf.set_title(title)
    pdf.add_page()
    pdf.set_font(FONT, "B", size + 6)
    pdf.multi_cell(0, (size + 6) * 0.5, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", size - 1)
    pdf.multi_cell(0, size * 0.45, subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for label, text in sections:
        pdf.set_font(FONT, "B", size)
        pdf.multi_cell(0, size * 0.5, label, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", size)
        pdf.multi_cell(0, size * 0.45, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    pdf.set_font(FONT, "I", size - 1.5)
    pdf.multi_cell(0, size * 0.42, footer, new_x="LMARGIN", new_y="NEXT")
    return pdf
