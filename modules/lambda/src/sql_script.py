"""Split a PostgreSQL script into its statements.

DB-API drivers send one statement per execute through the extended query
protocol, which refuses several commands in one string, so migration files
are split client-side. Semicolons inside quotes, dollar-quoted bodies (DO
blocks, functions) and comments do not end a statement.
"""

_IDENTIFIER_CHARS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$"
)


class ScriptError(ValueError):
    """The script has an unterminated quote or comment."""


def _dollar_tag_at(text, start):
    """The dollar-quote opener (``$$`` or ``$tag$``) at ``start``, or None."""
    end = text.find("$", start + 1)
    if end == -1:
        return None
    tag = text[start + 1 : end]
    if tag and (tag[0].isdigit() or not all(c in _IDENTIFIER_CHARS - {"$"} for c in tag)):
        return None
    return text[start : end + 1]


def _line_of(text, index):
    return text.count("\n", 0, index) + 1


def _skip_quoted(text, start, quote, backslash_escapes):
    """Index just past the literal or identifier opened at ``start``."""
    i = start + 1
    while i < len(text):
        c = text[i]
        if backslash_escapes and c == "\\":
            i += 2
            continue
        if c == quote:
            if i + 1 < len(text) and text[i + 1] == quote:
                i += 2
                continue
            return i + 1
        i += 1
    kind = "quoted identifier" if quote == '"' else "string literal"
    raise ScriptError(f"unterminated {kind} starting on line {_line_of(text, start)}")


def _skip_block_comment(text, start):
    depth = 0
    i = start
    while i < len(text):
        if text.startswith("/*", i):
            depth += 1
            i += 2
        elif text.startswith("*/", i):
            depth -= 1
            i += 2
            if depth == 0:
                return i
        else:
            i += 1
    raise ScriptError(f"unterminated comment starting on line {_line_of(text, start)}")


def split_statements(text):
    """Return the statements of ``text`` without their terminating semicolons.

    Pieces holding only whitespace and comments are dropped.
    """
    statements = []
    start = 0
    has_code = False
    i = 0
    while i < len(text):
        c = text[i]
        previous = text[i - 1] if i > 0 else ""
        if text.startswith("--", i):
            newline = text.find("\n", i)
            i = len(text) if newline == -1 else newline + 1
            continue
        if text.startswith("/*", i):
            i = _skip_block_comment(text, i)
            continue
        if c == ";":
            if has_code:
                statements.append(text[start:i].strip())
            start = i + 1
            has_code = False
            i += 1
            continue
        has_code = has_code or not c.isspace()
        if c == "'":
            escaped = previous in ("E", "e") and (i < 2 or text[i - 2] not in _IDENTIFIER_CHARS)
            i = _skip_quoted(text, i, "'", backslash_escapes=escaped)
        elif c == '"':
            i = _skip_quoted(text, i, '"', backslash_escapes=False)
        elif c == "$" and previous not in _IDENTIFIER_CHARS:
            tag = _dollar_tag_at(text, i)
            if tag is None:
                i += 1
                continue
            close = text.find(tag, i + len(tag))
            if close == -1:
                raise ScriptError(
                    f"unterminated dollar-quoted string {tag} starting on line "
                    f"{_line_of(text, i)}"
                )
            i = close + len(tag)
        else:
            i += 1
    if has_code:
        statements.append(text[start:].strip())
    return statements
