"""Character-level clean-up of imported text: widths, punctuation, stray spaces, page furniture."""

from __future__ import annotations

import re

from reporter.core.text import CJK, CONTROL

# Punctuation that belongs to Chinese text: a space next to it is never meaningful.
CJK_PUNCT = "\u3000-\u303f\uff00-\uffef“”‘’…—·"
_CJKISH = re.compile(f"[{CJK}{CJK_PUNCT}]")
_IDEOGRAPH = re.compile(f"[{CJK}]")

# Sentence and clause ends after which a heading number may start in flattened text.
TERMINALS = "。；！？：〕】]）」』"

_TABLE = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
        "«": "《",
        "»": "》",
        "‹": "〈",
        "›": "〉",
        "﹑": "、",
        "﹐": "，",
        "﹔": "；",
        "﹕": "：",
        "．": ".",
        "［": "[",
        "］": "]",
        "〖": "【",
        "〗": "】",
        "\u3000": " ",
        "\xa0": " ",
        "\t": " ",
        "\ufeff": None,
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\x00": None,
        **{chr(c): " " for c in range(0x2000, 0x200B)},
    }
)

_TRANSLATED = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TABLE)) + "]")

# "— 3 —", "- 12 -", "第 3 页 共 9 页": page furniture that PDF copies leave inside the text.
_PAGE_MARK = re.compile(
    r"(?:(?<=\s)|^)(?:[-—–－]{1,2}\s*\d{1,3}\s*[-—–－]{1,2}|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?)(?=\s|$)"
)


def is_cjkish(ch: str) -> bool:
    return bool(ch) and bool(_CJKISH.match(ch))


def has_ideograph(text: str) -> bool:
    return bool(_IDEOGRAPH.search(text))


def normalize_line(line: str) -> str:
    """Widths, look-alike characters and page marks of one source line; spaces stay (they may be breaks)."""
    if _TRANSLATED.search(line):  # most lines hold none of these: translating them all costs a tenth of an import
        line = line.translate(_TABLE)
    line = CONTROL.sub(" ", line)
    line = line.replace("<<", "《").replace(">>", "》")
    line = _PAGE_MARK.sub(" ", line)
    # "--" typed for a dash: a bullet at the start of a line, or a dash between Chinese words
    line = re.sub(r"^(\s*)-{2}(?=[^\s\-\d])", "\\1——", line)
    line = re.sub(f"(?<=[{CJK}”》）])-{{2}}(?=[{CJK}“《（])", "——", line)
    if has_ideograph(line) and '"' in line:
        # straight quotes in Chinese text are paired “…”; alternate within the line
        parts = line.split('"')
        line = parts[0] + "".join(("“" if i % 2 else "”") + p for i, p in enumerate(parts[1:], 1))
    return line


def joiner(left: str, right: str) -> str:
    """What stays of a run of spaces between two pieces: nothing next to Chinese, one space between Latin words."""
    if not left or not right or is_cjkish(left[-1]) or is_cjkish(right[0]):
        return ""
    return " "


def collapse_spaces(line: str) -> str:
    pieces = line.split()
    out = pieces[0] if pieces else ""
    for piece in pieces[1:]:
        out += joiner(out, piece) + piece
    return out


def _digit(ch: str) -> bool:
    return "0" <= ch <= "9"


def _ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _full_width(ch: str, prev: str, nxt: str) -> str:
    """One half-width mark in Chinese text as its full-width form; numbers (1,000 3:30 3.5) and addresses stay."""
    if ch == ",":
        return ch if _digit(prev) and _digit(nxt) else "，"
    if ch == ";":
        return "；"
    if ch == ":":
        return ch if _digit(prev) and _digit(nxt) or nxt == "/" else "："
    if ch in "?!":
        return ("？" if ch == "?" else "！") if is_cjkish(prev) or is_cjkish(nxt) else ch
    if ch == ".":
        return "。" if (is_cjkish(prev) or prev in "》”）〕】") and not (_ascii_alnum(nxt) or nxt == ".") else ch
    return ch


_MARKS = re.compile(r"[,;:?!.]")
_PARENS = re.compile(r"[()]")


def _latin_pair(text: str, start: int, end: int, ideograph: bool) -> bool:
    """Whether ( … ) at start/end is Latin: after a letter or digit, holding no Chinese and not only digits."""
    if not (start and _ascii_alnum(text[start - 1])) or ideograph:
        return False
    # all() stops at the first non-digit: the digit runs of all pairs are disjoint, so this stays linear
    return not (end > start + 1 and all(text[k].isdigit() for k in range(start + 1, end)))


def _brackets(text: str, out: dict[int, str]) -> None:
    """( ) pairs around Chinese to （ ）; Latin ones such as GDP(2023) or f(x) stay.

    Only the brackets are visited; whether a pair holds Chinese is carried from the pieces between
    brackets to the pairs around them, so nested brackets cost no rescanning."""
    opened: list[list[int]] = []  # [position, whether Chinese stands inside so far]
    previous = -1
    for m in _PARENS.finditer(text):
        i = m.start()
        if opened and not opened[-1][1] and _IDEOGRAPH.search(text, previous + 1, i):
            opened[-1][1] = 1
        previous = i
        if text[i] == "(":
            opened.append([i, 0])
        elif opened:
            start, inside = opened.pop()
            if opened and inside:
                opened[-1][1] = 1
            if not _latin_pair(text, start, i, bool(inside)):
                out[start], out[i] = "（", "）"
        elif is_cjkish(text[i - 1] if i else ""):
            out[i] = "）"
    for start, _ in opened:
        if start + 1 < len(text) and is_cjkish(text[start + 1]):
            out[start] = "（"


def fix_punctuation(text: str) -> str:
    """Half-width punctuation in Chinese text to full width, one character for one (positions stay).

    Only the marks and brackets are visited (a document holds millions of characters and few of them)."""
    n = len(text)
    out: dict[int, str] = {}
    for m in _MARKS.finditer(text):
        i = m.start()
        ch = _full_width(text[i], text[i - 1] if i else "", text[i + 1] if i + 1 < n else "")
        if ch != text[i]:
            out[i] = ch
    if "(" in text or ")" in text:
        _brackets(text, out)
    if not out:
        return text
    pieces, last = [], 0
    for i in sorted(out):
        pieces += [text[last:i], out[i]]
        last = i + 1
    pieces.append(text[last:])
    return "".join(pieces)


def normalize_text(text: str) -> str:
    """The whole clean-up for one piece of text (used for table cells and by tests)."""
    return fix_punctuation(collapse_spaces(normalize_line(text)))


# ------------------------------------------------------------------ noise

# Lines of a web page around the document, or of a PDF page around the text.
_NOISE = re.compile(
    r"^(?:"
    r"[-—–－]*\s*\d{1,3}\s*[-—–－]*"
    r"|\d{1,3}\s*/\s*\d{1,3}"
    r"|第\s*\d+\s*页.*"
    r"|.*(?:打印本页|关闭窗口|【打印】|【关闭】|\[打印\]|\[关闭\]|分享到|扫一扫|收藏本页|加入收藏|设为首页|无障碍|适老化).*"
    r"|.*字[体号][:：]?\s*[【\[]?\s*大\s*中\s*小.*"
    r"|(?:首页|当前位置|您现在的位置|您当前的位置|位置)\s*[:：>»＞›].*"
    r"|.*(?:\s[>»＞]\s).*"
    r"|(?:发布时间|发布日期|发布机构|来源|信息来源|作者|浏览次数|阅读次数|点击数|访问量|索引号|主题分类|发文机关|发文字号|文号|成文日期|公开方式|有效性|责任编辑|编辑)\s*[:：].*"
    r"|.*(?:点击下载|附件下载|文字版下载|下载附件|\.(?:docx?|pdf|wps|xlsx?))\s*"
    r"|[（(]?\s*此件(?:公开发布|主动公开|不公开|依申请公开)\s*[）)]?"
    # the page around a pasted document: editor marks, "more" links, addresses, share buttons
    r"|[\[【（(]\s*(?:编辑|责任编辑|责编|来源|作者|校对|审核|详细|更多|查看原文|全文)[^\]】）)]{0,30}[\]】）)]"
    r"|(?:更多|查看更多|阅读原文|查看原文|返回顶部|返回列表|回到顶部)\s*[>»＞]*"
    # an address standing alone (a body sentence naming a site in brackets is no page furniture)
    r"|[^，。；]{0,20}(?:https?://|www\.)[!-~]+[^，。；]{0,10}"
    r"|\S{1,80}\.(?:jpe?g|png|gif|bmp|webp)"
    r"|(?:分享|分享至)?[:：]?\s*(?:(?:微信|微博|QQ空间|QQ好友|QQ|朋友圈|新浪微博|腾讯微博|豆瓣|人人网)[\s、|/·]*){1,8}"
    # watermarks and advertising of the sites that resell documents
    r"|.*(?:禁止外传|严禁外传|用后删除|仅供学习|仅供内部|会员资料|会员群|倒卖|QQ\s*群|QQ\s*[:：]?\s*\d{5,}|微信号|加微信|关注公众号|扫码关注|订阅|转载请注明|资料均不完整).*"
    r")$",
    re.IGNORECASE,
)
# Lines after which a web page holds only its own furniture: the document is over.
_STOP = re.compile(
    r"^(?:相关链接|相关新闻|相关文章|相关阅读|相关文件|相关政策|相关解读|政策解读|图片解读|上一篇|下一篇|上一条|下一条|延伸阅读|推荐阅读|热点新闻|网站地图|联系我们|版权所有|主办单位|主办[:：]|承办单位|技术支持|网站标识码|ICP|.*ICP备|.*公网安备"
    # the 版记 of a 公文: what follows belongs to no part of the text
    r"|抄送\s*[:：]|.{2,40}\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发\s*$)",
    re.IGNORECASE,
)


# Marks a web page appends to the last line of a document: [编辑：张三], 【责任编辑：李四】, [详细].
_TRAILING_MARK = re.compile(r"\s*[\[【]\s*(?:编辑|责任编辑|责编|来源|作者|校对|详细|更多)[^\]】]{0,30}[\]】]\s*$")


def split_trailing_mark(line: str) -> tuple[str, str]:
    """A line without the page's mark at its end, and the mark ("" when none)."""
    m = _TRAILING_MARK.search(line)
    if not m or not line[: m.start()].strip():
        return line, ""
    return line[: m.start()], m.group(0).strip()


def is_noise(line: str) -> bool:
    text = line.strip()
    return bool(text) and bool(_NOISE.match(text))


# A line this long that the noise rules match is a whole web page pasted without line breaks.
_PAGE_LINE = 150
_SHORT_CHUNK = 8


def split_noise(line: str) -> tuple[list[str], list[str]]:
    """A long line's pieces between the page's furniture (watermarks, addresses, buttons), and that furniture.

    A web page pasted without line breaks holds its watermark and chrome inside the one line; the text
    around them stays, cut where a piece of furniture stood (its lines were broken there)."""
    if len(line.strip()) < _PAGE_LINE or not is_noise(line):
        return [line], []
    chunks = line.split()
    noise = [is_noise(c) for c in chunks]
    for i, chunk in enumerate(chunks):
        # a site's name between two pieces of furniture (仅供学习 酷乐文行 【会员资料……】)
        left = i == 0 or noise[i - 1]
        right = i + 1 == len(chunks) or noise[i + 1]
        if not noise[i] and left and right and len(chunk) <= _SHORT_CHUNK and not re.search(f"[{TERMINALS}，]", chunk):
            noise[i] = True
    kept: list[list[str]] = [[]]
    removed: list[str] = []
    for chunk, dropped in zip(chunks, noise, strict=True):
        if dropped:
            removed.append(chunk)
            if kept[-1]:
                kept.append([])
        else:
            kept[-1].append(chunk)
    return [" ".join(k) for k in kept if k], removed


def is_stop(line: str) -> bool:
    return bool(_STOP.match(line.strip()))


# Characters only traditional Chinese writes (their simplified forms differ), common in government texts.
_TRADITIONAL = set(
    "國這與為發會體機關來對業實現們進經開問題說時從點動種長區縣鄉鎮務權責規範審執調監勞稅財證織組確據幹將處應準請變數傳論產員構聯議導學習領黨歷設職辦標環濟級報決護協"
)
_TRADITIONAL_CHAR = re.compile("[" + "".join(sorted(_TRADITIONAL)) + "]")
_TRADITIONAL_SHARE = 0.02


def traditional_lines(lines: list[tuple[int, str]]) -> list[int]:
    """The lines written in traditional characters, when the document is (a few stray ones are quotations)."""
    found = [(no, len(_TRADITIONAL_CHAR.findall(text))) for no, text in lines]
    total = sum(n for _, n in found)
    chars = sum(len(text) for _, text in lines)
    if total < 5 or total < _TRADITIONAL_SHARE * chars:
        return []
    return [no for no, n in found if n]


TO_SIMPLIFIED = "请先把文件转换为简体中文（Word：审阅 → 繁转简）"


def traditional_warning(lines: list[tuple[int, str]], word: str) -> list[str]:
    """A warning naming the lines, for a document in traditional characters (the draft must be simplified)."""
    found = traditional_lines(lines)
    if not found:
        return []
    shown = "、".join(str(n) for n in found[:10]) + ("等" if len(found) > 10 else "")
    return [f"文件用的是繁体字（第 {shown} {word}）"]


def traditional_failure(name: str, warning: str) -> str:
    return f"无法导入 {name}：{warning}，本工具按简体字识别标题、各部分和任务；{TO_SIMPLIFIED}后再导入。"


def traditional_kept(warning: str) -> str:
    return f"{warning}：已按原文导入，初稿应为简体；{TO_SIMPLIFIED}后重新导入，或在 YAML 中改正。"
