"""The relapse-prevention plan as a one-page PDF, with fpdf2 (pure Python).

fpdf2's core font (Helvetica) needs no font file on the machine. It covers Latin-1, which holds
every accent of English, Spanish and French; other characters are transliterated to their
nearest ASCII form (curly quotes, dashes, ellipses) or dropped.
"""

from __future__ import annotations

import unicodedata

from fpdf import FPDF

REPLACEMENTS = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2013": "-", "\u2014": "-", "\u2026": "...", "\u2022": "-", "\u00a0": " ", "\u202f": " ",
    "\u2192": "->", "\u0153": "oe", "\u0152": "OE", "\u20ac": "EUR",
}


def latin1(text: str) -> str:
    """Text the core font can draw: Latin-1 kept, the rest transliterated or dropped."""
    out = []
    for char in str(text):
        if char in REPLACEMENTS:
            out.append(REPLACEMENTS[char])
            continue
        try:
            char.encode("latin-1")
            out.append(char)
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
            out.append(decomposed)
    return "".join(out)


def relapse_plan_pdf(*, title: str, subtitle: str, sections: list[tuple[str, str]], footer: str, paper: str = "A4") -> bytes:
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
    pdf.set_title(latin1(title))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", size + 6)
    pdf.multi_cell(0, (size + 6) * 0.5, latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", size - 1)
    pdf.multi_cell(0, size * 0.45, latin1(subtitle), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for label, text in sections:
        pdf.set_font("Helvetica", "B", size)
        pdf.multi_cell(0, size * 0.5, latin1(label), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", size)
        pdf.multi_cell(0, size * 0.45, latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    pdf.set_font("Helvetica", "I", size - 1.5)
    pdf.multi_cell(0, size * 0.42, latin1(footer), new_x="LMARGIN", new_y="NEXT")
    return pdf
