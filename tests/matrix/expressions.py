"""A small, explicit evaluator for GitHub Actions `${{ }}` expressions."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import ExpressionError
from .functions import FUNCTIONS
from .values import Blank, equal, index_of, property_of, to_string, truthy

__all__ = ["Blank", "Scope", "condition", "equal", "evaluate", "interpolate", "to_string", "truthy"]

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<string>'(?:[^']|'')*')
    | (?P<number>-?(?:0x[0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?))
    | (?P<op>==|!=|&&|\|\||[!().,\[\]])
    | (?P<name>[A-Za-z_][A-Za-z0-9_-]*)
    )""",
    re.VERBOSE,
)
_EMBEDDED = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
_STATUS_CALL = re.compile(r"\b(success|always|failure|cancelled)\s*\(", re.IGNORECASE)
_LITERALS: dict[str, Any] = {"true": True, "false": False, "null": None}


@dataclass(frozen=True)
class Scope:
    """What an expression can see: the contexts and whether the job has failed so far."""

    contexts: Mapping[str, Any]
    failed: bool = False


def interpolate(text: str, scope: Scope) -> str:
    """Replace every `${{ expr }}` in `text` with its value as a string."""
    return _EMBEDDED.sub(lambda match: to_string(evaluate(match[1], scope)), text)


def condition(value: Any, scope: Scope) -> bool:
    """Evaluate an `if:` as GitHub does, with the implicit `success() &&`."""
    if value is None:
        return not scope.failed
    if isinstance(value, bool):
        return value and not scope.failed
    text = str(value).strip()
    whole = _EMBEDDED.fullmatch(text)
    source = whole[1] if whole else text
    result = truthy(evaluate(source, scope))
    return result if uses_status_function(source) else result and not scope.failed


def condition_text(value: Any) -> str:
    """An `if:` as written, without `${{ }}`: what a skip reason quotes."""
    if isinstance(value, bool):
        return to_string(value)
    text = str(value).strip()
    whole = _EMBEDDED.fullmatch(text)
    return (whole[1] if whole else text).strip()


def uses_status_function(value: Any) -> bool:
    """Whether an `if:` calls success(), always(), failure() or cancelled()."""
    return isinstance(value, str) and bool(_STATUS_CALL.search(value))


def evaluate(source: str, scope: Scope) -> Any:
    """The value of one expression (without its `${{ }}`)."""
    parser = _Parser(source, scope)
    value = parser.parse_or()
    if parser.peek() is not None:
        raise parser.error(f"unexpected {parser.peek()[1]!r}")
    return value


class _Parser:
    """Recursive descent over the tokens, evaluating as it goes (no side effects to defer)."""

    def __init__(self, source: str, scope: Scope) -> None:
        self.source = source
        self.scope = scope
        self.tokens = self._tokenize(source)
        self.position = 0

    def error(self, message: str) -> ExpressionError:
        """An error naming the whole expression."""
        return ExpressionError(f"cannot evaluate `${{{{ {self.source.strip()} }}}}`: {message}")

    def _tokenize(self, source: str) -> list[tuple[str, str]]:
        tokens, position = [], 0
        while position < len(source):
            if not source[position:].strip():
                break
            match = _TOKEN.match(source, position)
            if not match or match.end() == position:
                rest = source[position:].strip()
                raise self.error(f"unsupported syntax at {rest[:20]!r}")
            kind = match.lastgroup or ""
            tokens.append((kind, match[kind]))
            position = match.end()
        return tokens

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self, text: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or (text is not None and token[1] != text):
            raise self.error(f"expected {text or 'more'} " + (f"at {token[1]!r}" if token else ""))
        self.position += 1
        return token

    def accept(self, text: str) -> bool:
        token = self.peek()
        if token and token[0] == "op" and token[1] == text:
            self.position += 1
            return True
        return False

    def parse_or(self) -> Any:
        value = self.parse_and()
        while self.accept("||"):
            right = self.parse_and()
            value = value if truthy(value) else right
        return value

    def parse_and(self) -> Any:
        value = self.parse_equality()
        while self.accept("&&"):
            right = self.parse_equality()
            value = right if truthy(value) else value
        return value

    def parse_equality(self) -> Any:
        value = self.parse_unary()
        while (token := self.peek()) and token[1] in ("==", "!="):
            self.position += 1
            same = equal(value, self.parse_unary())
            value = same if token[1] == "==" else not same
        return value

    def parse_unary(self) -> Any:
        if self.accept("!"):
            return not truthy(self.parse_unary())
        return self.parse_postfix()

    def parse_postfix(self) -> Any:
        value = self.parse_primary()
        while True:
            if self.accept("."):
                kind, name = self.take()
                if kind != "name":
                    raise self.error(f"expected a property name after '.', got {name!r}")
                value = property_of(value, name)
            elif self.accept("["):
                key = self.parse_or()
                self.take("]")
                value = index_of(value, key)
            else:
                return value

    def parse_primary(self) -> Any:
        kind, text = self.take()
        if kind == "string":
            return text[1:-1].replace("''", "'")
        if kind == "number":
            number = float(int(text, 16)) if "x" in text.lower() else float(text)
            return int(number) if number.is_integer() else number
        if kind == "op" and text == "(":
            value = self.parse_or()
            self.take(")")
            return value
        if kind != "name":
            raise self.error(f"unexpected {text!r}")
        if self.accept("("):
            return self._call(text, self._arguments())
        if text in _LITERALS:
            return _LITERALS[text]
        contexts = self.scope.contexts
        if text not in contexts:
            raise self.error(f"unknown context {text!r} (known: {', '.join(contexts)})")
        return contexts[text]

    def _arguments(self) -> list[Any]:
        arguments: list[Any] = []
        if self.accept(")"):
            return arguments
        arguments.append(self.parse_or())
        while self.accept(","):
            arguments.append(self.parse_or())
        self.take(")")
        return arguments

    def _call(self, name: str, arguments: list[Any]) -> Any:
        function = FUNCTIONS.get(name.lower())
        if function is None:
            raise self.error(f"unsupported function {name}() (supported: {', '.join(FUNCTIONS)})")
        try:
            return function(self.scope, *arguments)
        except (TypeError, IndexError) as error:
            raise self.error(f"wrong arguments to {name}(): {error}") from error
