"""Find patients by name, MRN or date of birth with index-backed look-ups only."""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import Q, QuerySet

from regenpath.patients.models import Patient, normalise_name

# Above every code point, so key >= prefix AND key < prefix + _TOP selects exactly the keys that
# start with `prefix` under code-point (bytewise UTF-8) ordering. On PostgreSQL the key columns
# are collated "C" (migration 0002) so that the database orders them the same way.
_TOP = "\U0010ffff"

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")
_MRN = re.compile(r"^[A-Za-z0-9-]{3,32}$")


def _prefix(field: str, prefix: str) -> Q:
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + _TOP})


def parse_date(text: str) -> dt.date | None:
    """Return the date written in one of the accepted formats, or None."""
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def search_patients(patients: QuerySet[Patient], query: str) -> QuerySet[Patient]:
    """Filter `patients` by a free-text query.

    A date finds that date of birth; one word finds a name starting with it (family or given)
    or that exact MRN; two or more words find given and family names starting with them, in
    either order.
    """
    text = " ".join(query.split())
    if not text:
        return patients
    day = parse_date(text)
    if day is not None:
        return patients.filter(date_of_birth=day)
    words = normalise_name(text).split(" ")
    if len(words) == 1:
        (word,) = words
        match = _prefix("family_name_key", word) | _prefix("given_name_key", word)
        if _MRN.match(text):
            match |= Q(mrn=text.upper())
        return patients.filter(match)
    first, rest = words[0], " ".join(words[1:])
    last_first, last = " ".join(words[:-1]), words[-1]
    return patients.filter(
        (_prefix("given_name_key", first) & _prefix("family_name_key", rest))
        | (_prefix("given_name_key", last_first) & _prefix("family_name_key", last))
        | (_prefix("family_name_key", first) & _prefix("given_name_key", rest))
    )
