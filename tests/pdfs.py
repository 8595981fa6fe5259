"""PDFs written for the tests with fpdf2: a two-column report with running headers, footers, page
numbers and words hyphenated at line ends; a scanned page (no text); an encrypted report."""

from __future__ import annotations

from fpdf import FPDF

LEFT = [
    "The Security Council renewed the mandate of the United Nations Organization Stabilization Mission in",
    "the Democratic Republic of the Congo (MONUSCO) in December 2023. The mission will draw down in",
    "stages, and its peace-",
    "keeping tasks pass to the Congolese authorities province by province.",
]
RIGHT = [
    "The United Nations Development Programme (UNDP) funds the rebuilding of courts and police stations",
    "in South Kivu. Donors ask for a clear plan for the salaries of the police officers who will take over",
    "from the mission.",
]
PAGE2 = [
    "In North Kivu the fighting between the army and the M23 armed group continued through the year, and",
    "the humanitarian agencies report that more than one million people have been displaced since 2022.",
]


class Report(FPDF):
    def header(self) -> None:
        self.set_font("Helvetica", size=8)
        self.set_xy(15, 8)
        self.cell(0, 5, "Great Lakes Monitor - Quarterly Report on Peace Operations")

    def footer(self) -> None:
        self.set_font("Helvetica", size=8)
        self.set_xy(15, -12)
        self.cell(0, 5, f"Page {self.page_no()}")


def report_pdf(title: str = "Drawdown in the Kivus", author: str = "Ines Valdoro") -> bytes:
    """A two-page, two-column report."""
    pdf = Report(format="A4")
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for x, lines in ((15, LEFT), (110, RIGHT)):
        pdf.set_xy(x, 30)
        pdf.multi_cell(85, 5, "\n".join(lines))
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.set_xy(15, 30)
    pdf.multi_cell(180, 5, "\n".join(PAGE2))
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """A page with only a picture-like drawing on it: no text layer."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(120, 120, 120)
    for i in range(20):
        pdf.rect(20, 20 + i * 10, 170, 6, style="F")
    return bytes(pdf.output())


def encrypted_pdf() -> bytes:
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner-secret", user_password="user-secret")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.cell(0, 10, "A confidential note on the mission's budget.")
    return bytes(pdf.output())


def lines_pdf(lines: list[str]) -> bytes:
    """One page, one line of the PDF per item, as written."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.set_xy(20, 30)
    pdf.multi_cell(170, 5, "\n".join(lines))
    return bytes(pdf.output())
