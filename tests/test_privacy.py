"""Tests for generator.privacy: which numbers are personal data, where, and how they are masked.

Every ID and card number here is computed by the checksums below from made-up parts; none
belongs to a real person.
"""

from __future__ import annotations

import itertools
import re
from datetime import date
from typing import get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.privacy import KIND_LABELS, Kind, PersonalData
from generator.privacy import find_personal_data as find_on

# The day the checks below are run as of (a birth date after it is no ID number's)
TODAY = date(2026, 1, 1)


def find_personal_data(text: str) -> list[PersonalData]:
    """Return the findings in *text* as a check on TODAY finds them."""
    return find_on(text, today=TODAY)


_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def id_check_char(first17: str) -> str:
    """Return the GB 11643 check character for 17 digits (ISO 7064 MOD 11-2)."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(w * int(d) for w, d in zip(weights, first17, strict=True)) % 11]


def make_id(region: str, birth: str, seq: str) -> str:
    """Return an 18-character ID number with a correct check character."""
    first17 = region + birth + seq
    return first17 + id_check_char(first17)


def luhn_ok(digits: str) -> bool:
    """Return whether *digits* passes the Luhn check."""
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def luhn_complete(body: str) -> str:
    """Return *body* plus the one check digit that makes it pass the Luhn check."""
    return next(body + d for d in "0123456789" if luhn_ok(body + d))


def uscc_complete(body: str) -> str | None:
    """Return the 17 digits *body* plus its GB 32100 check digit, or None if it is a letter."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    total = sum(pow(3, i, 31) * int(d) for i, d in enumerate(body))
    check = alphabet[(31 - total % 31) % 31]
    return body + check if check.isdigit() else None


ID_A = make_id("640104", "19900101", "153")
ID_X = next(
    make_id("110105", "19851231", f"{n:03d}")
    for n in range(1000)
    if make_id("110105", "19851231", f"{n:03d}").endswith("X")
)
CARD_16 = luhn_complete("622202123456789")
CARD_19 = luhn_complete("621700001234567890")


def single(text: str) -> PersonalData:
    """Return the only finding in *text*, failing if there is not exactly one."""
    findings = find_personal_data(text)
    assert len(findings) == 1, findings
    return findings[0]


def test_fixtures_are_what_they_claim() -> None:
    assert ID_A == "640104199001011539"
    assert ID_X == "11010519851231007X"
    assert CARD_16 == "6222021234567894"
    assert CARD_19 == "6217000012345678907"
    assert luhn_ok(CARD_16)
    assert luhn_ok(CARD_19)


def test_every_kind_has_a_label_in_both_languages() -> None:
    assert set(KIND_LABELS) == set(get_args(Kind))
    for zh, en in KIND_LABELS.values():
        assert re.search("[\u4e00-\u9fff]", zh) and en.isascii() and en.strip()


# --- resident ID numbers -------------------------------------------------------------------


def test_id_18_offsets_and_mask() -> None:
    text = f"申请人张某，身份证号：{ID_A}，住址略。"
    assert find_personal_data(text) == [
        PersonalData(kind="id_card", text=ID_A, start=11, masked="640104********1539")
    ]


@pytest.mark.parametrize("check", ["X", "x"])
def test_id_with_x_check_character(check: str) -> None:
    number = ID_X[:17] + check
    found = single(f"证件号码{number}。")
    assert found == PersonalData(
        kind="id_card", text=number, start=4, masked=f"110105********{ID_X[14:17]}{check}"
    )


def test_id_at_text_edges() -> None:
    assert single(ID_A) == PersonalData("id_card", ID_A, 0, "640104********1539")


def test_id_with_bad_check_digit_is_a_suspect() -> None:
    # Pick a wrong check digit that also fails Luhn, so no other rule can claim the number. One
    # mistyped digit still names its holder: it is found, as a kind of its own (a warning).
    bad = next(ID_A[:17] + d for d in "0123456789" if d != ID_A[17] and not luhn_ok(ID_A[:17] + d))
    assert find_personal_data(f"身份证号：{bad}") == [
        PersonalData("id_card_suspect", bad, 5, f"640104********{bad[14:]}")
    ]


def test_a_number_shaped_like_an_id_is_a_suspect_only_where_words_name_an_id() -> None:
    """A review: 办件编号 made of a region code, a date and a serial were reported; and a
    "birth date" after today is no ID number's."""
    bad = next(ID_A[:17] + d for d in "0123456789" if d != ID_A[17] and not luhn_ok(ID_A[:17] + d))
    assert find_personal_data(f"办件编号为 {bad}。") == []
    assert [f.kind for f in find_personal_data(f"公民身份号码：{bad}")] == ["id_card_suspect"]
    assert find_personal_data(f"身份证号 {make_id('640100', '20991231', '000')}") == []


@pytest.mark.parametrize(
    "number",
    [
        "991234198503121234",  # no province has the code 99
        "640102199013011234",  # the 13th month
        "640102189912311234",  # born before 1900
        "6401021990010112345",  # 19 digits
    ],
)
def test_what_is_not_shaped_like_an_id_number_is_no_suspect(number: str) -> None:
    assert [f for f in find_personal_data(number) if f.kind.startswith("id_card")] == []


def test_an_all_digit_credit_code_is_no_suspect() -> None:
    # GB 32100: an 18-digit unified social credit code can look like an ID number, date and all.
    full = next(
        code
        for code in (uscc_complete(f"11640119900101{s:03d}") for s in range(1000))
        if code is not None and code != make_id("116401", "19900101", code[14:17])
    )
    assert find_personal_data(full) == []
    mistyped = full[:17] + str((int(full[17]) + 1) % 10)
    assert [f.kind for f in find_personal_data(f"身份证号{mistyped}")] == ["id_card_suspect"]


@pytest.mark.parametrize("birth", ["19900230", "19901301", "19900100", "18991231", "21010101"])
def test_id_with_impossible_birth_date_is_not_flagged(birth: str) -> None:
    number = next(
        n
        for n in (make_id("640104", birth, f"{s:03d}") for s in range(1000))
        if not luhn_ok(n) and n[-1] != "X"
    )
    assert find_personal_data(f"身份证号：{number}") == []


def test_id_leap_day_is_a_real_date() -> None:
    number = make_id("640104", "20000229", "021")
    assert single(f"号码 {number} 。").start == 3


def test_id_15_digit_form() -> None:
    found = single("旧证号640104900101153，已换发。")
    assert found == PersonalData("id_card", "640104900101153", 3, "640104*****1153")


def test_id_15_digit_with_impossible_date_is_not_flagged() -> None:
    assert find_personal_data("旧证号640104901301153。") == []
    assert find_personal_data("旧证号640104900230153。") == []


@pytest.mark.parametrize(
    "text",
    [
        f"A{ID_A}",  # glued to ASCII letters, as inside a code
        f"{ID_A}B",
        f"1{ID_A}",  # inside a longer run of digits
        f"{ID_A}0",
    ],
)
def test_id_inside_a_longer_token_is_not_flagged(text: str) -> None:
    assert [f.kind for f in find_personal_data(text)] == []


def test_id_that_also_passes_luhn_is_only_an_id() -> None:
    number = next(
        n
        for n in (make_id("640104", "19900101", f"{s:03d}") for s in range(1000))
        if n[-1] != "X" and luhn_ok(n)
    )
    assert find_personal_data(f"号码：{number}") == [
        PersonalData("id_card", number, 3, number[:6] + "*" * 8 + number[14:])
    ]


def test_grouped_id_is_reported_as_id_not_card() -> None:
    number = next(
        n
        for n in (make_id("640104", "19900101", f"{s:03d}") for s in range(1000))
        if n[-1] != "X" and luhn_ok(n)
    )
    grouped = " ".join(number[i : i + 4] for i in range(0, 18, 4))
    assert find_personal_data(grouped) == [
        PersonalData("id_card", grouped, 0, "6401 04** **** **" + grouped[17:])
    ]


@pytest.mark.parametrize("separator", [" ", "-"])
@pytest.mark.parametrize("split_date", [False, True])
def test_id_written_in_groups_as_forms_print_it(separator: str, split_date: bool) -> None:
    number = make_id("640102", "19900101", "123")
    date = number[6:10] + separator + number[10:14] if split_date else number[6:14]
    written = separator.join((number[:6], date, number[14:]))
    masked = "".join(
        "*" if 6 <= i < len(written) - 4 and c != separator else c for i, c in enumerate(written)
    )
    assert find_personal_data(f"身份证号码{written}。") == [
        PersonalData("id_card", written, 5, masked)
    ]
    # A bad check character: a suspect; the groups of a longer run: not an ID number.
    mistyped = written[:-1] + ("0" if written[-1] != "0" else "1")
    assert [f.kind for f in find_personal_data(f"身份证号码{mistyped}")] == ["id_card_suspect"]
    assert find_personal_data(written + separator + "5") == []


# --- mobile phone numbers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "masked"),
    [
        ("13800138000", "138****8000"),
        ("138 0013 8000", "138 **** 8000"),
        ("138-0013-8000", "138-****-8000"),
        ("+8613800138000", "+86138****8000"),
        ("8613800138000", "86138****8000"),
        ("+86-13800138000", "+86-138****8000"),
        ("+86 138 0013 8000", "+86 138 **** 8000"),
        ("19912345678", "199****5678"),
        # Typed in full-width mode, or a hyphen a word processor made a dash (an editor's
        # walk: 139　9511　2345 passed the check, in a free page and in an item).
        ("138\u30000013\u30008000", "138\u3000****\u30008000"),
        ("138\u00a00013\u00a08000", "138\u00a0****\u00a08000"),
        ("138\u20140013\u20148000", "138\u2014****\u20148000"),
        ("138\u20100013\u20108000", "138\u2010****\u20108000"),
        ("138\u20130013\u20138000", "138\u2013****\u20138000"),
    ],
)
def test_mobile_forms(written: str, masked: str) -> None:
    text = f"联系电话：{written}（王先生）"
    assert find_personal_data(text) == [PersonalData("mobile", written, 5, masked)]


@pytest.mark.parametrize(
    "text",
    [
        "12800138000",  # second digit 2 is not a mobile prefix
        "10800138000",
        "138001380001",  # 12 digits
        "213800138000",
        "138 0013-8000",  # mixed separators
        "138  0013  8000",  # double spaces
        "58613800138000",  # 86 prefix glued to another digit
    ],
)
def test_not_a_mobile(text: str) -> None:
    assert find_personal_data(text) == []


def test_mobile_followed_by_letters_is_still_flagged() -> None:
    assert single("Tel13800138000ext").masked == "138****8000"


# --- bank cards ----------------------------------------------------------------------------


def test_bank_card_16_and_19_plain() -> None:
    text = f"开户账号{CARD_16}；另一账号 {CARD_19}。"
    assert find_personal_data(text) == [
        PersonalData("bank_card", CARD_16, 4, "622202******7894"),
        PersonalData("bank_card", CARD_19, 26, "621700*********8907"),
    ]


def test_bank_card_grouped_by_spaces() -> None:
    grouped = "6222 0212 3456 7894"
    assert find_personal_data(f"卡号：{grouped}。") == [
        PersonalData("bank_card", grouped, 3, "6222 02** **** 7894")
    ]


def test_bank_card_19_grouped_by_hyphens() -> None:
    grouped = "6217-0000-1234-5678-907"
    assert find_personal_data(f"卡号{grouped}") == [
        PersonalData("bank_card", grouped, 2, "6217-00**-****-***8-907")
    ]


@pytest.mark.parametrize("length", [16, 17, 18, 19])
def test_bank_card_every_length(length: int) -> None:
    # 18-digit bodies could be valid credit codes or IDs; this one starts with 4, so it is neither.
    number = luhn_complete("4" + "0" * (length - 5) + "123")
    assert single(f"卡号:{number}").kind == "bank_card"


@pytest.mark.parametrize(
    "text",
    [
        "6222021234567890",  # fails Luhn
        luhn_complete("722202123456789"),  # first digit 7
        luhn_complete("222202123456789"),  # first digit 2
        luhn_complete("6222021234567890123"),  # 20 digits
        luhn_complete("62220212345678"),  # 15 digits
        "6222 0212 3456 7894 1234",  # one group of a longer grouped run
        "9876 6222 0212 3456 7894",
        "6222 0212 3456-7894",  # mixed separators
    ],
)
def test_not_a_bank_card(text: str) -> None:
    assert [f for f in find_personal_data(text) if f.kind == "bank_card"] == []


def test_non_card_fixture_fails_luhn() -> None:
    assert not luhn_ok("6222021234567890")


# --- things that are not personal data -----------------------------------------------------


def all_digit_credit_code() -> str:
    """Return an all-digit credit code that passes Luhn but fails the ID check."""
    for org in range(100_000_000, 100_010_000):
        code = uscc_complete(f"51640100{org}")
        if code and luhn_ok(code) and id_check_char(code[:17]) != code[17]:
            return code
    raise AssertionError("no such code in range")


@pytest.mark.parametrize(
    "text",
    [
        "办公电话：0736—7251105",
        "咨询电话：0951-6123456，传真：0951-6123457",
        "联系电话：(0951)6123456",
        "（0951）6123456",
        "政务服务便民热线12345",
        "银政办发〔2016〕113号",
        "索引号：640100-108/2018-46173",
        "索引号：01526376-X-/2019-0819003",
        "统一社会信用代码：91640100MA76B2X13K",
        f"统一社会信用代码：{all_digit_credit_code()}",
        "统一社会信用代码：916401001234567890",
        "合计13500000000元",
        "合计13500000000.00元",
        "合计 13500000000 元",
        "金额¥13812345678",
        "金额￥ 13812345678",
        "金额$13812345678",
        "投资13800138000万元",
        "13800138000亿",
        "13800138000百",
        "13800138000角",
        "13800138000分",
        "合计￥6222021234567894",
        "合计6222021234567894元",
        "成文日期20240301",
        "邮政编码：750001",
        "表3：20240301 12345678 99999999999 6222021234567890",
        "序号 1 2 3 4 5 6 7 8 9 10 11 12",
        "第1 2 3 4 5 6 7 8 9 0 1 2条",
        "",
        "没有数字的一段普通政务公开文本。",
    ],
)
def test_not_personal_data(text: str) -> None:
    assert find_personal_data(text) == []


def test_all_digit_credit_code_would_otherwise_look_like_a_card() -> None:
    code = all_digit_credit_code()
    assert code[0] == "5"
    assert luhn_ok(code)


# --- full-width digits, several findings ---------------------------------------------------


def test_full_width_id_reports_input_text() -> None:
    wide = ID_A.translate(_FULL_WIDTH)
    text = f"身份证号：{wide}。"
    assert find_personal_data(text) == [
        PersonalData("id_card", wide, 5, "６４０１０４********１５３９")
    ]


def test_full_width_mobile_with_full_width_hyphen_and_plus() -> None:
    text = "电话＋８６－１３８００１３８０００"
    assert find_personal_data(text) == [
        PersonalData("mobile", text[2:], 2, "＋８６－１３８****８０００")
    ]


def test_full_width_x_check_character() -> None:
    wide = ID_X[:17].translate(_FULL_WIDTH) + "Ｘ"
    assert single(f"证件{wide}").text == wide


def test_mixed_width_amount_is_not_flagged() -> None:
    assert find_personal_data("合计１３５００００００００元") == []


def test_full_width_only_in_a_later_run() -> None:
    text = "甲13800138000，乙１３９００１３９０００，丙13700137000"
    assert find_personal_data(text) == [
        PersonalData("mobile", "13800138000", 1, "138****8000"),
        PersonalData("mobile", "１３９００１３９０００", 14, "１３９****９０００"),
        PersonalData("mobile", "13700137000", 27, "137****7000"),
    ]


def test_full_width_decimal_amount_is_not_flagged() -> None:
    assert find_personal_data("合计13500000000.００元") == []


def test_two_mobiles_joined_by_one_space() -> None:
    assert find_personal_data("13800138000 13900139000") == [
        PersonalData("mobile", "13800138000", 0, "138****8000"),
        PersonalData("mobile", "13900139000", 12, "139****9000"),
    ]


def test_several_findings_in_order() -> None:
    text = f"甲 {CARD_16}，乙 {ID_A}，丙 13800138000，丁 640104900101153"
    found = find_personal_data(text)
    assert [(f.kind, f.start) for f in found] == [
        ("bank_card", 2),
        ("id_card", 21),
        ("mobile", 42),
        ("id_card", 56),
    ]
    assert all(text[f.start : f.start + len(f.text)] == f.text for f in found)


def test_finding_far_into_a_long_text() -> None:
    filler = "依法依规做好政府信息公开工作。" * 500
    text = filler + "13800138000"
    assert find_personal_data(text) == [
        PersonalData("mobile", "13800138000", len(filler), "138****8000")
    ]


def test_personal_data_is_frozen() -> None:
    found = single("13800138000")
    with pytest.raises(AttributeError):
        found.start = 1  # type: ignore[misc]


# --- properties ----------------------------------------------------------------------------

_TRICKY = st.text(
    alphabet=st.sampled_from(list("0123456789０１２３４５６７８９ -－+＋Xx¥元.号AaZ（）\n")),
    max_size=80,
)


@given(st.one_of(st.text(max_size=200), _TRICKY))
def test_findings_are_exact_slices(text: str) -> None:
    found = find_personal_data(text)
    for f in found:
        assert text[f.start : f.start + len(f.text)] == f.text
        assert len(f.masked) == len(f.text)
        assert f.kind in KIND_LABELS
    starts = [f.start for f in found]
    assert starts == sorted(starts)
    for a, b in itertools.pairwise(found):
        assert a.start + len(a.text) <= b.start


@given(
    st.text(alphabet=st.characters(exclude_categories=["Nd", "Lu", "Ll"]), max_size=20),
    st.text(alphabet=st.characters(exclude_categories=["Nd", "Lu", "Ll"]), max_size=20),
)
def test_a_valid_id_is_found_between_any_non_alphanumerics(before: str, after: str) -> None:
    text = before + ID_A + after
    assert find_personal_data(text) == [
        PersonalData("id_card", ID_A, len(before), "640104********1539")
    ]


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("开户银行：示例银行示范支行，账号：9558801234567890123。", "9558***********0123"),
        ("对公账户：1234 5678 9012 3456 789", "1234 **** **** ***6 789"),
        ("帐号 622202020011223344", "6222**********3344"),
        ("合同编号：202412345678901", None),  # no word of an account before it
        ("账号下的金额 123456789012 元", None),  # an amount
        ("账号：12345678901", None),  # eleven digits: too short for an account
    ],
)
def test_an_account_number_is_a_suspect_after_words_that_name_an_account(
    text: str, masked: str | None
) -> None:
    """An audit: 账号：9558801234567890123 passed the check; a passbook or corporate account
    has no Luhn check digit, so only the words before it tell it is one."""
    found = [f for f in find_personal_data(text) if f.kind == "bank_account_suspect"]
    assert [f.masked for f in found] == ([masked] if masked else [])


def test_a_birth_date_is_judged_by_the_checks_day_not_the_machines_clock() -> None:
    """privacy.py read date.today(): a check or build as of a day (`--as-of`) judged an ID
    number by the machine's clock, and the same content and day could pass on one day and
    fail on the next (a machine on UTC is also a day behind Beijing for eight hours a day).
    A number "born" after the check's day is a serial, one born by it an ID number."""
    number = make_id("640104", "20250601", "153")
    text = f"身份证号 {number}"
    assert find_on(text, today=date(2025, 5, 31)) == []
    assert [f.kind for f in find_on(text, today=date(2025, 6, 1))] == ["id_card"]
