"""Usage errors in Chinese and English: argparse's own messages are English only."""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.suggestion import did_you_mean

_Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], tuple[str, str]]]


def _choice(match: re.Match[str]) -> tuple[str, str]:
    value = match["value"]
    choices = [c.strip(" '\"") for c in match["choices"].split(",")]
    hint_zh, hint_en = did_you_mean(value, choices)
    listed = "、".join(choices)
    return (
        f"没有 “{value}” 这一项，可选：{listed}{hint_zh}",
        f"invalid choice: '{value}' (choose from {', '.join(choices)}){hint_en}",
    )


_INNER: tuple[_Rule, ...] = (
    (
        # From Python 3.15 argparse suggests a choice in English ("maybe you meant"): the
        # hint below says it in both languages.
        re.compile(
            r"invalid choice: '(?P<value>.*?)'(?:, maybe you meant '.*'\?)?"
            r" \(choose from (?P<choices>.*)\)"
        ),
        _choice,
    ),
    (
        re.compile(r"invalid (?P<type>int|float) value: '(?P<value>.*)'"),
        lambda m: (
            f"应为{'整数' if m['type'] == 'int' else '数字'}，不能是 “{m['value']}”",
            f"expected {'a whole number' if m['type'] == 'int' else 'a number'}, "
            f"not '{m['value']}'",
        ),
    ),
    (
        re.compile(r"expected one argument"),
        lambda m: ("后面应跟一个值", "expected one value after it"),
    ),
    (
        re.compile(r"expected at least one argument"),
        lambda m: ("后面应至少跟一个值", "expected at least one value after it"),
    ),
    (
        re.compile(r"ignored explicit argument '(?P<value>.*)'"),
        lambda m: (f"不接受值 “{m['value']}”", f"takes no value, not '{m['value']}'"),
    ),
    (
        re.compile(r"not allowed with argument (?P<other>.*)"),
        lambda m: (f"不能与 {m['other']} 同时使用", f"not allowed with {m['other']}"),
    ),
)

_OUTER: tuple[_Rule, ...] = (
    (
        re.compile(r"unrecognized arguments: (?P<args>.*)"),
        lambda m: (
            f"不认识的参数：{m['args']}",
            f"unrecognized arguments: {m['args']}",
        ),
    ),
    (
        re.compile(r"the following arguments are required: (?P<args>.*)"),
        lambda m: (f"缺少必需的参数：{m['args']}", f"missing: {m['args']}"),
    ),
    (
        re.compile(r"ambiguous option: (?P<option>\S+) could match (?P<matches>.*)"),
        lambda m: (
            f"选项 {m['option']} 不完整，可能是 {m['matches']}",
            f"ambiguous option {m['option']}: could be {m['matches']}",
        ),
    ),
    (
        re.compile(r"one of the arguments (?P<args>.*) is required"),
        lambda m: (f"{m['args']} 中须给出一个", f"one of {m['args']} is required"),
    ),
)

_ARGUMENT = re.compile(r"argument (?P<name>[^:]+): (?P<rest>.*)", re.DOTALL)


def bilingual(message: str) -> str:
    """Return argparse's *message* as 'Chinese (English)'; our own messages pass unchanged.

    A message that gkml wrote (an ArgumentTypeError of ours) already holds both languages and
    matches no rule; an English message no rule knows is kept as it is rather than lost.
    """
    argument = _ARGUMENT.fullmatch(message)
    rules = _INNER if argument else _OUTER
    text = argument["rest"] if argument else message
    for pattern, words in rules:
        match = pattern.fullmatch(text)
        if match:
            zh, en = words(match)
            if argument:
                name = argument["name"]
                return f"{'命令' if name == 'command' else name}：{zh} (argument {name}: {en})"
            return f"{zh} ({en})"
    return message
