"""What a YAML syntax error means, in Chinese, at the place where the mistake is.

libyaml reports where it noticed a problem, which is often far from the mistake: an unclosed quote
runs on to the next quote in the file, an unclosed bracket swallows the following lines, a line
of spaces above a literal block's text sets the block's indentation. `locate` reads the tokens
the scanner made before the error and points at the opening quote or bracket, the spaces-only
line, or the line without its colon; the message also says where the reader noticed.

Every message libyaml can report is in `SCANNER` or `PARSER` below; anything else gets a general
Chinese sentence, so no English reaches staff (tests/test_yaml_errors.py provokes each one).
"""

from __future__ import annotations

import re

import yaml

# libyaml's scanner and parser problems (src/scanner.c, src/parser.c), the pure-Python parser's
# wordings where they differ, and what each means to someone editing a data file.
QUOTE_NOT_CLOSED = "引号没有闭合"
SCANNER = {
    "found character that cannot start any token": "这里的字符不能作为值的开头（如 @、`、%）；请给整个值加引号",
    "could not find expected ':'": "这一行缺少冒号“:”；请写成“字段名: 值”（冒号是半角，后面跟一个空格）",
    "block sequence entries are not allowed": "这里不能开始以“- ”开头的列表项：列表要从字段名的下一行开始；如果“- ”是正文，请给整个值加引号",
    "mapping keys are not allowed": "这里不能出现“? ”；如果它是正文，请给整个值加引号",
    "mapping values are not allowed": "这里不能出现冒号加空格“: ”：值里有“: ”时请给整个值加引号；要写下一级字段时请另起一行并缩进",
    "found unknown directive name": "以 % 开头的行是 YAML 指令，数据文件里不用；请删除它，或给值加引号",
    "did not find expected comment or line break": "这一行的末尾多了内容；请检查冒号、引号和“|”后面的文字",
    "could not find expected directive name": "以 % 开头的行是 YAML 指令，数据文件里不用；请删除它，或给值加引号",
    "found unexpected non-alphabetical character": "以 % 开头的行是 YAML 指令，数据文件里不用；请删除它，或给值加引号",
    "did not find expected digit or '.' character": "以 % 开头的行是 YAML 指令，数据文件里不用；请删除它，或给值加引号",
    "found extremely long version number": "以 % 开头的行是 YAML 指令，数据文件里不用；请删除它，或给值加引号",
    "did not find expected version number": "以 % 开头的行是 YAML 指令，数据文件里不用；请删除它，或给值加引号",
    "did not find expected whitespace or line break": "以 % 或 ! 开头的内容是 YAML 的指令或标签，数据文件里不用；如果它是正文，请给整个值加引号",
    "did not find expected whitespace": "以 % 开头的行是 YAML 指令，数据文件里不用；请删除它，或给值加引号",
    "did not find expected alphabetic or numeric character": "“&”或“*”后面少了名字：数据文件里不用锚点和别名；如果“&”“*”是正文，请给整个值加引号",
    "did not find the expected '>'": "以 ! 开头的内容是 YAML 标签，数据文件里不用；如果“!”是正文，请给整个值加引号",
    "did not find expected '!'": "以 ! 开头的内容是 YAML 标签，数据文件里不用；如果“!”是正文，请给整个值加引号",
    "did not find expected tag URI": "以 ! 开头的内容是 YAML 标签，数据文件里不用；如果“!”是正文，请给整个值加引号",
    "did not find URI escaped octet": "以 ! 开头的内容是 YAML 标签，数据文件里不用；如果“!”是正文，请给整个值加引号",
    "found an incorrect leading UTF-8 octet": "以 ! 开头的内容是 YAML 标签，数据文件里不用；如果“!”是正文，请给整个值加引号",
    "found an incorrect trailing UTF-8 octet": "以 ! 开头的内容是 YAML 标签，数据文件里不用；如果“!”是正文，请给整个值加引号",
    "found an indentation indicator equal to 0": "“|”或“>”后面的数字不能是 0；请删除这个数字",
    "found a tab character where an indentation space is expected": "多行文字的缩进里有制表符（Tab）；请改成空格",
    "found unexpected document indicator": "引号没有闭合：引号里出现了以“---”或“...”开头的行",
    "found unexpected end of stream": QUOTE_NOT_CLOSED,
    "found unknown escape character": "双引号里有无效的转义（反斜杠 \\ 加字母）；请改用单引号，或把 \\ 写成 \\\\",
    "did not find expected hexdecimal number": "双引号里有无效的转义（反斜杠 \\ 加字母）；请改用单引号，或把 \\ 写成 \\\\",
    "found invalid Unicode character escape code": "双引号里有无效的转义（反斜杠 \\ 加字母）；请改用单引号，或把 \\ 写成 \\\\",
    "found unexpected ':'": "这里不能出现冒号；值里有冒号时请给整个值加引号",
    "found a tab character that violates indentation": "缩进里有制表符（Tab）；YAML 只能用空格缩进，请改成空格",
    "exceeded maximum nesting depth": "方括号或花括号套了太多层；请检查括号",
}
PARSER = {
    "Maximum nesting level reached": "方括号或花括号套了太多层；请检查括号",
    "did not find expected <stream-start>": "文件开头有多余的内容；请参照同类文件的写法",
    "did not find expected <document start>": "“---”或“...”之后还有内容：一个文件里只能有一个 YAML 文档；请删除多余的分隔行",
    "expected '<document start>'": "“---”或“...”之后还有内容：一个文件里只能有一个 YAML 文档；请删除多余的分隔行",
    "found undefined tag handle": "以 ! 开头的内容是 YAML 标签，数据文件里不用；如果“!”是正文，请给整个值加引号",
    "did not find expected node content": "这里缺少值：可能多写了逗号、冒号或“- ”；如果这些符号是正文，请给整个值加引号",
    "expected the node content": "这里缺少值：可能多写了逗号、冒号或“- ”；如果这些符号是正文，请给整个值加引号",
    "did not find expected '-' indicator": "缩进不一致：同一个列表的各项要对齐，每项以“- ”开头",
    "expected <block end>": "缩进不一致，或这一行缺少冒号：同一级的字段要左对齐",
    "did not find expected key": "缩进不一致，或这一行缺少冒号：同一级的字段要左对齐",
    "did not find expected ',' or ']'": "方括号“[”没有闭合，或各项之间少了逗号",
    "expected ',' or ']'": "方括号“[”没有闭合，或各项之间少了逗号",
    "did not find expected ',' or '}'": "花括号“{”没有闭合，或各项之间少了逗号",
    "expected ',' or '}'": "花括号“{”没有闭合，或各项之间少了逗号",
    "found duplicate %YAML directive": "以 % 开头的行是 YAML 指令，数据文件里不用；请删除它",
    "found incompatible YAML document": "以 % 开头的行是 YAML 指令，数据文件里不用；请删除它",
    "found duplicate %TAG directive": "以 % 开头的行是 YAML 指令，数据文件里不用；请删除它",
}
GENERAL = "YAML 格式有误"
ADVICE = "请检查这一行和上一行的缩进、冒号和引号"

_FIELD_WITHOUT_SPACE = re.compile(r"\s*(?:- +)?[A-Za-z_][A-Za-z0-9_]*:[^\s:]")
_QUOTE_NAMES = {'"': "双引号", "'": "单引号"}
_FLOW_NAMES = {"[": "方括号“[”", "{": "花括号“{”"}


_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def split_lines(text: str) -> list[str]:
    """The text's lines as YAML counts them (libyaml's line breaks: CR, LF, CRLF, NEL, LS, PS)."""
    return _BREAK.split(text)


def meaning(problem: str) -> str | None:
    """The Chinese meaning of a libyaml problem, or None when it is not one we know."""
    for table in (SCANNER, PARSER):
        for english, chinese in table.items():
            if problem.startswith(english):
                return chinese
    return None


def locate(text: str, exc: yaml.MarkedYAMLError, loader: type) -> tuple[int, int, str]:
    """(line, column, message) for a syntax error: 1-based, at the mistake, in Chinese."""
    problem = str(exc.problem or "")
    mark = exc.problem_mark or exc.context_mark
    noticed = (mark.line, mark.column) if mark else (0, 0)
    lines = split_lines(text)
    tokens = _tokens_before(text, noticed, loader)
    found = (_unclosed_flow(tokens, noticed) or _runaway_quote(tokens, noticed)
             or _deep_blank_line(tokens, noticed, lines) or _line_without_colon(tokens, problem, lines))
    if found:
        (line, column), what, advice = found
        where = f"（读到第 {noticed[0] + 1} 行第 {noticed[1] + 1} 列时发现）" if (line, column) != noticed else ""
        return line + 1, column + 1, f"YAML 格式错误：{what}{where}；{advice}"
    if problem.startswith("found unexpected end of stream") and exc.context_mark:  # a quote open at the end
        start = exc.context_mark
        quote = lines[start.line][start.column:start.column + 1] if start.line < len(lines) else '"'
        return (start.line + 1, start.column + 1,
                f"YAML 格式错误：第 {start.line + 1} 行第 {start.column + 1} 列开始的{_QUOTE_NAMES.get(quote, '引号')}"
                f"一直到文件末尾都没有闭合（读到第 {noticed[0] + 1} 行的文件末尾时发现）；请在这个值的末尾补上 {quote}")
    if problem.startswith("could not find expected ':'") and exc.context_mark:  # the key's own line
        line = exc.context_mark.line
        return line + 1, exc.context_mark.column + 1, "YAML 格式错误：" + missing_colon(lines[line] if line < len(lines) else "")
    what = meaning(problem) or meaning(str(exc.context or "")) or GENERAL
    if problem.startswith("mapping values are not allowed") and noticed[1] >= 1024:
        what = "一个字段名超过了 1024 个字符，YAML 不再把它当作字段名；请缩短它，或把长内容写成值"
    elif problem.startswith("found character") and _char_at(lines, noticed) == "\t":
        what = "这里有制表符（Tab）；YAML 只能用空格，请把 Tab 换成空格"
    return noticed[0] + 1, noticed[1] + 1, f"YAML 格式错误：{what}" + ("" if "请" in what else f"；{ADVICE}")


def _char_at(lines: list[str], at: tuple[int, int]) -> str:
    line, column = at
    return lines[line][column:column + 1] if line < len(lines) else ""


def missing_colon(line: str) -> str:
    if "：" in line:
        return "这一行用了全角冒号“：”；请改成半角冒号加一个空格“: ”"
    if _FIELD_WITHOUT_SPACE.match(line):
        return "这一行的冒号后面少了空格；请写成“字段名: 值”（冒号后面跟一个空格）"
    return SCANNER["could not find expected ':'"]


def _tokens_before(text: str, at: tuple[int, int], loader: type) -> list[yaml.Token]:
    """The scanner's tokens that start before `at` (the scanner stops at its own error, if any)."""
    tokens: list[yaml.Token] = []
    try:
        for token in yaml.scan(text, Loader=loader):
            if (token.start_mark.line, token.start_mark.column) >= at:
                break
            tokens.append(token)
    except yaml.YAMLError:
        pass
    return tokens


def _unclosed_flow(tokens: list[yaml.Token], at: tuple[int, int]):
    """An opening [ or { on an earlier line that is still open where the error was noticed."""
    opened: list[yaml.Token] = []
    for token in tokens:
        if isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
            opened.append(token)
        elif isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)) and opened:
            opened.pop()
    if not opened or opened[-1].start_mark.line >= at[0]:
        return None
    start = opened[-1].start_mark
    name = _FLOW_NAMES["[" if isinstance(opened[-1], yaml.FlowSequenceStartToken) else "{"]
    close = "]" if "[" in name else "}"
    return ((start.line, start.column),
            f"第 {start.line + 1} 行第 {start.column + 1} 列开始的{name}没有闭合，或各项之间少了逗号",
            f"请在这一行的末尾补上“{close}”，或给整个值加引号")


def _runaway_quote(tokens: list[yaml.Token], at: tuple[int, int]):
    """A quoted value that ran over lines and closed at the next quote in the file, just before the
    error: its opening quote was never closed on its own line."""
    for token in reversed(tokens[-3:]):
        if isinstance(token, yaml.ScalarToken) and token.style in _QUOTE_NAMES:
            start, end = token.start_mark, token.end_mark
            if start.line < end.line and at[0] <= end.line + 1:
                quote = token.style
                return ((start.line, start.column),
                        f"第 {start.line + 1} 行第 {start.column + 1} 列开始的{_QUOTE_NAMES[quote]}没有在这一行闭合，"
                        f"一直读到第 {end.line + 1} 行的下一个 {quote}", f"请在这个值的末尾补上 {quote}")
    return None


def _line_without_colon(tokens: list[yaml.Token], problem: str, lines: list[str]):
    """A line without its colon (or with a fullwidth one, or none of its space) becomes a plain
    value, YAML runs it on into the next line, and stops only at that line's colon."""
    if not problem.startswith("mapping values are not allowed") or not tokens:
        return None
    last = tokens[-1]
    if not (isinstance(last, yaml.ScalarToken) and last.plain and last.start_mark.line < last.end_mark.line):
        return None
    line = last.start_mark.line
    what = missing_colon(lines[line])
    what, _, advice = what.partition("；")
    return (line, last.start_mark.column), what, advice or "请检查这一行"


def _deep_blank_line(tokens: list[yaml.Token], at: tuple[int, int], lines: list[str]):
    """A literal or folded block whose first lines hold only spaces, more than its text's
    indentation: YAML takes the block's indentation from them, and the text then ends the block."""
    block = next((t for t in reversed(tokens[-3:]) if isinstance(t, yaml.ScalarToken) and t.style in ("|", ">")), None)
    if block is None:
        return None
    deepest, number = 0, block.start_mark.line + 1
    while number < len(lines) and not lines[number].strip(" "):
        if len(lines[number]) > deepest:
            deepest, deepest_line = len(lines[number]), number
        number += 1
    if number >= len(lines) or at[0] > number:
        return None
    indent = len(lines[number]) - len(lines[number].lstrip(" "))
    if deepest <= indent:
        return None
    return ((deepest_line, 0),
            f"第 {deepest_line + 1} 行只有空格（{deepest} 个），比下面正文的缩进（{indent} 个）还深，"
            f"YAML 因此把这段多行文字的缩进判断错了", "请删除这一行里的空格")
