"""Values that could identify a child or a worker: how a message speaks of one without showing it, and whether a
label meant to name a team is a person's name, a date, an identifier or a postcode instead.

Child-level lists (Ofsted's Annex A) are personal data, and a column can hold what its header does not say: a
child's ID in a renamed column, a worker's name typed into Allocated Team. So a message about such a list never
shows a cell: ``withheld`` says only what kind of value was there (a date, a number, a formula, text). And a label
that will be stored and shown (a team's name) is refused when ``identifying`` finds it is:

- a **date**: a date cell, or text written like one (13/07/2023, 2023-07-13, 13.07.23, 13 July 2023);
- an **identifier**: six digits in a row, or at least three digits making up at least half of its letters and
  digits (12345678, A1234567, CH-123-456); "Locality 4 Unit 1" and "Children in Care Team 2" are not;
- a **postcode** (L20 3NJ);
- a **person's name**: two to four words of letters (an apostrophe, a hyphen or a closing full stop allowed:
  O'Neil, Smith-Jones, J.), each starting with a capital letter or a name particle (van, de, ...), with no word
  teams are named with (``TEAM_WORDS``: Team, Service, Unit, Hub, North, Assessment, Care, Safeguarding,
  Locality, MASH, ...) and no joining word (of, and, in, for, with...). "Care Leavers Team", "Early Help Service",
  "Multi Agency Safeguarding Hub" and "Children with Disabilities" are teams; "Ezra Leigh" and "Dr Jo Smith" are
  not. A team named after a place or a person alone ("Bootle Crosby") is refused too, with the way out: add a word
  that says what it is (Team, Service, Unit). A worker whose surname is a team word ("Jo North", "Sam Young") is
  not caught: the rule errs towards loading real team names, and the date, identifier and postcode rules still
  hold for every label.
"""

from __future__ import annotations

import datetime as dt
import re

from loaders.framework.base import Described
from loaders.framework.schema import to_date

TEAM_WORDS = frozenset(
    word
    for line in (
        "team service unit hub group pod practice office base centre center bureau",
        "north south east west central northern southern eastern western mid inner outer city town county borough",
        "district area locality region zone patch neighbourhood community",
        "assessment protection care leaving leaver aftercare through looked after permanence placement fostering",
        "foster adoption kinship residential home transition disability disabilities disabled family families",
        "support help early safeguarding court legal proceedings plo edge mash multi agency partnership integrated",
        "front door contact duty intake referral access triage response rapid initial intervention targeted",
        "intensive specialist complex need children child young people youth adolescent adolescence justice",
        "contextual exploitation missing outreach health camhs liaison hospital emergency hours edt out independent",
        "uasc asylum seeking cin cp cla lac iro conference review quality assurance pre birth social work worker",
        "management admin business academy school college trust council nhs police pathway network project programme",
    )
    for word in line.split()
)
"""Words a team's name is made of (compared ignoring case, a plural 's' and a possessive "'s")."""
JOINING_WORDS = frozenset(("of", "and", "in", "for", "with", "the", "at", "on", "to", "by"))
NAME_PARTICLES = frozenset(
    ("van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "le", "la", "st", "bin", "ibn", "al", "el")
)

_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’\-](?=[^\W\d_]))*\.?$")
_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$")
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_WORDED_DATE = re.compile(
    rf"\b(\d{{1,2}}(st|nd|rd|th)?\s+({_MONTHS})[a-z]*\.?,?\s+\d{{2,4}}|({_MONTHS})[a-z]*\.?\s+\d{{1,2}},?\s+\d{{4}})\b",
    re.IGNORECASE,
)
_LONG_NUMBER = re.compile(r"\d{6,}")
_SEPARATORS = re.compile(r"[\s\-/._#:]")


def withheld(cell: object) -> Described:
    """What a message shows for a cell it must not show: only the kind of value found."""
    if isinstance(cell, str) and cell.startswith("="):
        kind = "a formula"
    elif isinstance(cell, dt.date) or _is_date_text(cell):
        kind = "a date"
    elif isinstance(cell, int | float) and not isinstance(cell, bool):
        kind = "a number"
    else:
        kind = "text"
    return Described(f"<withheld: {kind}>")


def identifying(cell: object) -> str | None:
    """Why ``cell`` could identify a child or a worker rather than name a team ("is a date", ...), or None."""
    if isinstance(cell, dt.date) or _is_date_text(cell):
        return "is a date"
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return "is a number, like an identifier"
    text = " ".join(str(cell).split())
    if _POSTCODE.match(text):
        return "looks like a postcode"
    letters_and_digits = _SEPARATORS.sub("", text)
    digits = sum(character.isdigit() for character in letters_and_digits)
    if _LONG_NUMBER.search(text) or (
        letters_and_digits.isalnum() and digits >= 3 and 2 * digits >= len(letters_and_digits)
    ):
        return "looks like an identifier"
    if looks_like_a_person(text):
        return "looks like a person's name"
    return None


def looks_like_a_person(text: str) -> bool:
    """Two to four capitalised words of letters, none a team word or a joining word (see the module's text)."""
    words = text.split()
    if not 2 <= len(words) <= 4 or not all(_WORD.match(word) for word in words):
        return False
    plain = [_plain(word) for word in words]
    if any(word in JOINING_WORDS or word in TEAM_WORDS or _singular(word) in TEAM_WORDS for word in plain):
        return False
    if all(word in NAME_PARTICLES for word in plain):
        return False
    return all(word[0].isupper() or plain_word in NAME_PARTICLES for word, plain_word in zip(words, plain, strict=True))


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") else word


def _plain(word: str) -> str:
    word = word.casefold().rstrip(".")
    for possessive in ("'s", "’s", "s'"):
        if word.endswith(possessive):
            return word[: -len(possessive)] + ("s" if possessive == "s'" else "")
    return word


def _is_date_text(cell: object) -> bool:
    if not isinstance(cell, str):
        return False
    text = cell.strip()
    return bool(to_date(text) or _NUMERIC_DATE.match(text) or _WORDED_DATE.search(text))
