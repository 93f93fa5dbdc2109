"""An applicant's resume as a real PDF (`GET /linkedin/jobs/applicants/{id}/resume`).

Written with fpdf2 (imported on first use, so building a world does not load it). The file is a
pure function of the applicant: its creation date is the application's time, never the wall
clock, so the same applicant gives the same bytes. Content streams are left uncompressed: the
name and the positions are readable as text in the file itself, which is what a client test
grepping the bytes (and the simulator's own tests) can check without a PDF parser.

The standard PDF fonts cover Latin-1 only: other characters are folded to their closest ASCII
letters (`Łukasz` -> `Lukasz`), or dropped.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from simulator.world.mail_addresses import ascii_word

if TYPE_CHECKING:
    from simulator.world.job_applicants import Applicant, YearMonth

CONTENT_TYPE = "application/pdf"
_FOLDED = {"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "ß": "ss"}


@dataclass(frozen=True, slots=True)
class Resume:
    file_name: str
    content_type: str
    data: bytes


def resume_of(applicant: Applicant, job_title: str) -> Resume:
    person = applicant.person
    stem = "-".join(w for w in (ascii_word(person.first_name), ascii_word(person.last_name)) if w)
    return Resume(
        f"{stem or 'applicant'}-resume.pdf", CONTENT_TYPE, resume_pdf(applicant, job_title)
    )


def resume_pdf(applicant: Applicant, job_title: str) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    person = applicant.person
    pdf = FPDF(format="A4")
    pdf.set_compression(False)
    pdf.set_creation_date(datetime.fromtimestamp(applicant.applied_at_ms / 1000, tz=timezone.utc))
    pdf.set_title(_latin1(f"{person.full_name} - resume"))
    pdf.set_author(_latin1(person.full_name))
    pdf.set_subject(_latin1(f"Application to {job_title}"))
    pdf.set_creator("unipile-sim")
    pdf.add_page()

    def line(text: str, size: float, style: str = "", height: float = 6) -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(0, height, _latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    line(person.full_name, 20, "B", 10)
    line(person.headline, 12)
    line(f"{person.location.name} | {applicant.email_address} | {applicant.phone_number}", 10)
    line(person.profile_url, 10)
    if person.summary:
        pdf.ln(3)
        line(person.summary, 10, height=5)
    if applicant.work_experience:
        pdf.ln(4)
        line("Experience", 14, "B", 8)
        for position in applicant.work_experience:
            line(f"{position.position} - {position.company}", 11, "B")
            dates = f"{_when(position.start)} - {_when(position.end) or 'present'}"
            line(f"{dates} | {position.location or ''}", 9)
            if position.description:
                line(position.description, 10, height=5)
            pdf.ln(1)
    if applicant.education:
        pdf.ln(3)
        line("Education", 14, "B", 8)
        for school in applicant.education:
            line(f"{school.school} - {school.degree}, {school.field_of_study}", 11, "B")
            line(f"{_when(school.start)} - {_when(school.end)}", 9)
    if person.skills:
        pdf.ln(3)
        line("Skills", 14, "B", 8)
        line(", ".join(person.skills), 10, height=5)
    return bytes(pdf.output())


def _when(moment: YearMonth | None) -> str:
    if moment is None:
        return ""
    return f"{moment.month}/{moment.year}" if moment.month else str(moment.year)


def _latin1(text: str) -> str:
    """What the standard fonts can draw: Latin-1 kept, the rest folded to ASCII or dropped."""
    kept = []
    for char in text:
        if ord(char) < 256:
            kept.append(char)
        elif char in _FOLDED:
            kept.append(_FOLDED[char])
        else:
            decomposed = unicodedata.normalize("NFKD", char)
            kept.append(decomposed.encode("ascii", "ignore").decode())
    return "".join(kept)
