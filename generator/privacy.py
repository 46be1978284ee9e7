"""Personal data that must be de-identified (去标识化) before an item is published.

《政府信息公开条例》第十五条 withholds information whose disclosure would harm a third party's
lawful rights, personal privacy included. Phone numbers are personal information (个人信息保护法
第四条), financial accounts are sensitive personal information (第二十八条), and GB/T 35273-2020
annex B lists identity document numbers as sensitive too. This module finds resident ID numbers,
mobile phone numbers and bank card numbers in a body of text and proposes a masked form for each;
deciding what to do with a finding is the caller's business. An 18-digit number shaped like an ID
number in all but its check character (a real province, a real birth date), right after words
that name an ID number (身份证号 …), is found too, as a kind of its own: most likely an ID number
with one digit mistyped, which identifies its holder as well as the right one does, but the
caller may weigh it as less certain.

The scan is built for throughput: one regular expression finds, in a single pass, the runs of
eleven or more digits (joined by single grouping characters) that any finding needs, and the
per-kind patterns look only inside those runs. Most paragraphs have none.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import Final, Literal

__all__ = ["KIND_LABELS", "PersonalData", "find_personal_data", "place"]

Kind = Literal["id_card", "mobile", "bank_card", "id_card_suspect", "bank_account_suspect"]

KIND_LABELS: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(
    {
        "id_card": ("居民身份证号码", "resident ID number"),
        "mobile": ("手机号码", "mobile phone number"),
        "bank_card": ("银行卡号", "bank card number"),
        "id_card_suspect": (
            "疑似居民身份证号码（校验位不符，可能输错了一位）",
            "number that looks like a resident ID number (its check character does not match: "
            "one digit may be mistyped)",
        ),
        "bank_account_suspect": ("疑似银行账号", "number that looks like a bank account number"),
    }
)


@dataclass(frozen=True, slots=True)
class PersonalData:
    """One piece of personal data found in a text."""

    kind: Kind
    text: str  # the exact matched text, as it appears in the input
    start: int  # offset of text in the input string (str index)
    masked: str  # the de-identified form to publish instead


# Full-width forms map one character to one character, so offsets into the translated text are
# offsets into the input. Grouping characters an editor types between digit groups count as a
# space or a hyphen: the ideographic space of a Chinese input method in full-width mode
# (139　9511　2345) and the dashes a word processor makes of a hyphen (U+2010–U+2015, U+2212).
_SPACES: Final = "\u3000\u00a0"
_DASHES: Final = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_FULL_WIDTH: Final = str.maketrans(
    f"０１２３４５６７８９Ｘｘ＋－{_SPACES}{_DASHES}",
    f"0123456789Xx+-{' ' * len(_SPACES)}{'-' * len(_DASHES)}",
)
_HAS_FULL_WIDTH: Final = re.compile(f"[０-９Ｘｘ＋－{_SPACES}{_DASHES}]")

# Every finding lies in a run of eleven or more digits joined by single grouping characters.
# This pattern finds those runs, whole, in one pass over the text; the patterns below then look
# only inside them, and a text without such a run (nearly every paragraph) costs this pass alone.
_RUN: Final = re.compile(f"[0-9０-９](?:[ \\-－{_SPACES}{_DASHES}]?[0-9０-９]){{10,}}")

# GB 11643-1999: 6-digit region, birth date, 3-digit sequence, check character (18-digit form);
# the 15-digit form before it had a 2-digit year and no check character. Letters are excluded
# on both sides so an 18-character unified social credit code never yields a slice.
_ID: Final = re.compile(r"(?<![0-9A-Za-z])[1-9][0-9]{14}(?:[0-9]{2}[0-9Xx])?(?![0-9A-Za-z])")
# The 18-character form written in groups, as forms print it: region, birth date, the rest
# (640102-19900101-1237), or the date split in two (640102 1990 0101 1237); one separator.
_ID_GROUPED: Final = re.compile(
    r"(?<![0-9A-Za-z])[1-9][0-9]{5}([ -])(?:[0-9]{8}|[0-9]{4}\1[0-9]{4})\1[0-9]{3}[0-9Xx]"
    r"(?![0-9A-Za-z]|[ -][0-9])"
)

# Mobile numbers under the 13x–19x prefixes (MIIT numbering plan), plain or grouped 3-4-4 with
# one consistent separator, optionally after the country code 86.
_MOBILE: Final = re.compile(
    r"(?<![0-9])(?:\+?86[ -]?)?(?P<national>1[3-9][0-9]([ -]?)[0-9]{4}\2[0-9]{4})(?![0-9])"
)

# Payment cards are 16–19 digits (ISO/IEC 7812); grouped forms use fours. A grouped match must
# not be one group of a longer grouped run, hence the extra look-around on that branch.
_BANK_CARD: Final = re.compile(
    r"(?<![0-9])(?:"
    r"[3-6][0-9]{15,18}(?![0-9])"
    r"|(?<![0-9][ -])[3-6][0-9]{3}([ -])[0-9]{4}\1[0-9]{4}\1[0-9]{4}(?:\1[0-9]{1,3})?"
    r"(?![0-9]|[ -][0-9])"
    r")"
)

# A number right after a currency sign, or right before a unit of money or a decimal fraction,
# is an amount (13500000000.00元, ¥13812345678, 13800138000万元), not a phone or card number.
_AMOUNT_AFTER: Final = re.compile(r"[ \t]*(?:[元万亿千百角分]|\.[0-9０-９])")
_CURRENCY_SIGNS: Final = frozenset("¥￥$＄")

_ID_WEIGHTS: Final = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # ISO 7064 MOD 11-2
_ID_CHECK: Final = "10X98765432"
# GB 32100-2015 unified social credit code: weights 3^i mod 31 and its 31-character alphabet.
_USCC_WEIGHTS: Final = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"

_PRIORITY: Final[Mapping[Kind, int]] = MappingProxyType(
    {"id_card": 0, "mobile": 1, "bank_card": 2, "id_card_suspect": 3, "bank_account_suspect": 4}
)
# The first two digits of a resident ID number: the provinces' codes (GB/T 2260), and 71, 81,
# 82 and 83 of the residence permits for residents of Taiwan, Hong Kong and Macao.
_PROVINCE_CODES: Final = (
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 "
    "71 81 82 83"
)
_PROVINCES: Final = frozenset(_PROVINCE_CODES.split())


# The check's code for each kind of finding, in an item and in a file published at the root.
PRIVACY_CODES = {
    "id_card": "GK301",
    "mobile": "GK302",
    "bank_card": "GK303",
    "id_card_suspect": "GK305",
    "bank_account_suspect": "GK306",
}


def _is_real_date(year: int, month: int, day: int, today: date) -> bool:
    """Return whether year-month-day is a day of the Gregorian calendar, and not after
    *today* (a birth date: a number "born" in 2099 is a serial, a review found). The day is
    the check's, never the machine's clock: a check's findings, and the build they stop,
    are the same for the same content and day (and a machine on UTC is a day behind Beijing
    for eight hours of each day)."""
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return False
    return date(year, month, day) <= today


def _is_id_number(chars: str, today: date) -> bool:
    """Return whether *chars* (15 or 18 ASCII characters) is a well-formed resident ID number
    of someone born by *today*."""
    if len(chars) == 18:
        year = int(chars[6:10])
        if not 1900 <= year <= 2100:
            return False
        total = sum(w * (ord(c) - 48) for w, c in zip(_ID_WEIGHTS, chars, strict=False))
        if _ID_CHECK[total % 11] != chars[17].upper():
            return False
        return _is_real_date(year, int(chars[10:12]), int(chars[12:14]), today)
    if len(chars) == 15:
        return _is_real_date(1900 + int(chars[6:8]), int(chars[8:10]), int(chars[10:12]), today)
    return False


def _looks_like_id_number(chars: str, today: date) -> bool:
    """Return whether the 18 ASCII characters *chars* are an ID number but for the check
    character: a province's code and a real birth date from 1900 on. Not a well-formed credit
    code, which an all-digit unified social credit code can be."""
    if len(chars) != 18 or chars[:2] not in _PROVINCES or not chars[:17].isdigit():
        return False
    year = int(chars[6:10])
    birth = (year, int(chars[10:12]), int(chars[12:14]))
    if not 1900 <= year <= 2100 or not _is_real_date(*birth, today):
        return False
    return not (chars[17].isdigit() and _is_credit_code(chars))


# What names an ID number just before it on its line: 身份证号, 公民身份号码, 证件号码 …
_ID_WORDS: Final = re.compile(r"身份证|身份号码|证件号|证号|身份证明")
_ID_WORDS_BEFORE: Final = 16  # characters looked at before a number


# An account number: 12 to 25 digits, in groups or not. Passbook and corporate accounts follow
# no check digit (Luhn is for cards), so one is a suspect only right after words that name an
# account (an audit: 账号：9558801234567890123 passed the check).
_ACCOUNT: Final = re.compile(r"(?<![0-9])[0-9](?:[ -]?[0-9]){11,24}(?![0-9])")
_ACCOUNT_WORDS: Final = re.compile(r"账号|帐号|账户|帐户|卡号")


def _named_as_account(text: str, start: int) -> bool:
    """Return whether the words just before text[start] on its line name a bank account."""
    line_start = text.rfind("\n", 0, start) + 1
    return _ACCOUNT_WORDS.search(text, max(line_start, start - _ID_WORDS_BEFORE), start) is not None


def _named_as_id(text: str, start: int) -> bool:
    """Return whether the words just before text[start] on its line name an ID number: a
    number shaped like one with a wrong check character is a suspect only there (a review:
    办件编号 made of a region code, a date and a serial were reported)."""
    line_start = text.rfind("\n", 0, start) + 1
    return _ID_WORDS.search(text, max(line_start, start - _ID_WORDS_BEFORE), start) is not None


def _passes_luhn(digits: str) -> bool:
    """Return whether *digits* passes the Luhn check (ISO/IEC 7812-1 annex B)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = ord(ch) - 48
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def _is_credit_code(digits: str) -> bool:
    """Return whether the 18 *digits* form a valid unified social credit code."""
    total = sum(w * (ord(c) - 48) for w, c in zip(_USCC_WEIGHTS, digits, strict=False))
    return _USCC_ALPHABET[(31 - total % 31) % 31] == digits[17]


def _is_amount(normalized: str, start: int, end: int) -> bool:
    """Return whether the number at normalized[start:end] reads as an amount of money."""
    before = start - 1
    while before >= 0 and normalized[before] in " \t":
        before -= 1
    if before >= 0 and normalized[before] in _CURRENCY_SIGNS:
        return True
    return _AMOUNT_AFTER.match(normalized, end) is not None


def _mask(original: str, normalized: str, keep_head: int, keep_tail: int) -> str:
    """Return *original* with each digit but the first *keep_head* and last *keep_tail* as '*'.

    Grouping characters stay where they are, and kept characters keep their width.
    """
    positions = [i for i, ch in enumerate(normalized) if ch not in " -"]
    hidden = frozenset(positions[keep_head : len(positions) - keep_tail])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(original))


def _finding(
    kind: Kind, text: str, normalized: str, start: int, end: int, keep_head: int, keep_from: int = 0
) -> PersonalData:
    """Return the finding text[start:end], masked past its first *keep_from* characters."""
    original = text[start:end]
    masked = original[:keep_from] + _mask(
        original[keep_from:], normalized[start + keep_from : end], keep_head, 4
    )
    return PersonalData(kind=kind, text=original, start=start, masked=masked)


def _scan_run(text: str, normalized: str, lo: int, hi: int, today: date) -> list[PersonalData]:
    """Return the findings of every kind that start in normalized[lo:hi], by kind."""
    found: list[PersonalData] = []
    for m in _ID.finditer(normalized, lo, hi):
        if _is_id_number(m.group(), today):
            found.append(_finding("id_card", text, normalized, m.start(), m.end(), 6))
        elif _looks_like_id_number(m.group(), today) and _named_as_id(text, m.start()):
            found.append(_finding("id_card_suspect", text, normalized, m.start(), m.end(), 6))
    for m in _ID_GROUPED.finditer(normalized, lo, hi):
        chars = m.group().replace(m.group(1), "")
        if _is_id_number(chars, today):
            found.append(_finding("id_card", text, normalized, m.start(), m.end(), 6))
        elif _looks_like_id_number(chars, today) and _named_as_id(text, m.start()):
            found.append(_finding("id_card_suspect", text, normalized, m.start(), m.end(), 6))

    for m in _MOBILE.finditer(normalized, lo, hi):
        if not _is_amount(normalized, m.start(), m.end()):
            keep_from = m.start("national") - m.start()
            found.append(_finding("mobile", text, normalized, m.start(), m.end(), 3, keep_from))

    for m in _BANK_CARD.finditer(normalized, lo, hi):
        matched = m.group()
        digits = matched.replace(" ", "").replace("-", "")
        if len(digits) == 18 and _is_id_number(digits, today):
            # An ID number is never reported as a card. Written plainly, the ID pattern above
            # has already decided (its letter boundaries included); grouped, it is reported here.
            if digits != matched:
                found.append(_finding("id_card", text, normalized, m.start(), m.end(), 6))
            continue
        if (
            _passes_luhn(digits)
            and not (len(digits) == 18 and _is_credit_code(digits))
            and not _is_amount(normalized, m.start(), m.end())
        ):
            found.append(_finding("bank_card", text, normalized, m.start(), m.end(), 6))
    if not found:
        for m in _ACCOUNT.finditer(normalized, lo, hi):
            if _named_as_account(text, m.start()) and not _is_amount(
                normalized, m.start(), m.end()
            ):
                found.append(
                    _finding("bank_account_suspect", text, normalized, m.start(), m.end(), 4)
                )
    return found


def place(text: str, start: int, line: int, column: int) -> tuple[int, int]:
    """Return the line and column of text[start], *text* beginning at *line*, *column* of its
    file (a finding's place in an item's or a page's body, title or reason)."""
    before = text[:start]
    extra = before.count("\n")
    return line + extra, (start - before.rfind("\n")) if extra else column + start


def find_personal_data(text: str, *, today: date) -> list[PersonalData]:
    """Return every personal-data finding in *text*, in order of position; an ID number is
    one of someone born by *today* (the check's day: `--as-of`, else Beijing's today)."""
    found: list[PersonalData] = []
    normalized = text
    for run in _RUN.finditer(text):
        # A match may begin one character early, at the '+' of +86. The look-behinds read the
        # text before lo (re treats pos unlike a slice), and the look-aheads need the two
        # characters after the run, so hi reaches past it.
        lo, hi = max(0, run.start() - 1), run.end() + 2
        if normalized is text and _HAS_FULL_WIDTH.search(text, max(0, lo - 2), hi + 2):
            normalized = text.translate(_FULL_WIDTH)
        found += _scan_run(text, normalized, lo, hi, today)

    if len(found) < 2:
        return found
    # Kinds overlap only in contrived text; where they do, the stronger kind wins.
    found.sort(key=lambda f: f.start)
    kept = [found[0]]
    for item in found[1:]:
        last = kept[-1]
        if item.start >= last.start + len(last.text):
            kept.append(item)
        elif _PRIORITY[item.kind] < _PRIORITY[last.kind]:
            kept[-1] = item
    return kept
