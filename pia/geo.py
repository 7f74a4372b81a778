"""Countries, the EEA and Chapter V adequacy, from the data files in ``pia/data``.

>>> from pia import geo
>>> geo.in_eea("DE"), geo.in_eea("US"), geo.in_eea("EU")
(True, False, True)
>>> geo.adequacy("JP").status
'adequate'
>>> geo.adequacy("US", certifications=["dpf"]).status
'adequate'
>>> geo.adequacy("US").status
'conditional'
>>> geo.adequacy("IN").status
'none'
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

__all__ = ["countries", "country_name", "suggest_country", "is_country", "in_eea", "adequacy", "Adequacy", "REGIONS", "UNKNOWN"]

UNKNOWN = "unknown"
#: Region codes accepted besides ISO 3166-1 alpha-2 countries.
REGIONS = {"EU": "European Union / EEA"}


@functools.cache
def countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> English short name."""
    text = resources.files("pia").joinpath("data/countries.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines()[1:] if line.strip()]
    return {code: name for code, name in rows}


@functools.cache
def _transfers() -> dict:
    from .yamlio import load_data

    return load_data(resources.files("pia").joinpath("data/transfers.yaml").read_text(encoding="utf-8"))


def is_country(code: str) -> bool:
    """True for an ISO 3166-1 alpha-2 code or an accepted region code (``EU``)."""
    return code in countries() or code in REGIONS


def suggest_country(text: str) -> str | None:
    """The code a mistyped country most likely means: ``de`` -> ``DE``, ``Germany`` -> ``DE``.

    >>> suggest_country("de"), suggest_country("United States"), suggest_country("Indai"), suggest_country("xx")
    ('DE', 'US', 'IN', None)
    """
    import difflib

    codes = {**countries(), **REGIONS}
    if text.upper() in codes:
        return text.upper()
    by_name = {name.lower(): code for code, name in codes.items()}
    close = difflib.get_close_matches(text.lower(), list(by_name), n=1, cutoff=0.75)
    return by_name[close[0]] if close else None


def country_name(code: str | None) -> str:
    """Readable name of a code; ``"unknown"`` for missing or unknown locations."""
    if not code or code == UNKNOWN:
        return "unknown location"
    return REGIONS.get(code) or countries().get(code, code)


@functools.cache
def eea() -> frozenset[str]:
    """Member states of the EEA (EU + IS, LI, NO)."""
    return frozenset(_transfers()["eea"])


def in_eea(code: str | None) -> bool | None:
    """True inside the EEA, False outside, None when the location is unknown."""
    if not code or code == UNKNOWN:
        return None
    return code in REGIONS or code in eea()


@dataclass(frozen=True)
class Adequacy:
    """Adequacy of a destination under GDPR Art. 45.

    ``status`` is ``"eea"`` (not a third country), ``"adequate"``, ``"conditional"`` (adequacy only
    for certified recipients, e.g. the US and the Data Privacy Framework, and the recipient is not
    known to be certified), ``"none"`` or ``"unknown"`` (destination unknown).
    """

    country: str
    status: str
    note: str = ""
    as_of: str = ""


def adequacy(country: str | None, certifications: list[str] | None | str = None) -> Adequacy:
    """Adequacy status of ``country`` for a recipient holding ``certifications``."""
    data = _transfers()
    as_of = str(data.get("as_of", ""))
    if not country or country == UNKNOWN:
        return Adequacy(UNKNOWN, "unknown", "the destination country is not known", as_of)
    if in_eea(country):
        return Adequacy(country, "eea", "", as_of)
    entry = data["adequacy"].get(country)
    if entry is None:
        return Adequacy(country, "none", "no adequacy decision", as_of)
    needed = entry.get("requires_certification")
    note = entry.get("note", "")
    if needed:
        certs = certifications if isinstance(certifications, list) else []
        return Adequacy(country, "adequate" if needed in certs else "conditional", note, as_of)
    return Adequacy(country, "adequate", note, as_of)
