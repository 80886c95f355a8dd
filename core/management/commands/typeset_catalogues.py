"""The typography of the French and Chinese catalogues (docs/glossary.md, Conventions):
run by ``make messages`` after extraction, so that a translator types ordinary spaces
and punctuation and the catalogue keeps the language's conventions.

- French: a no-break space before ``:``, a narrow no-break space before ``; ? !``, and
  no-break spaces inside « guillemets ».
- Chinese: ``, : ; ? !`` next to a Chinese character, and brackets in a Chinese
  sentence, become their full-width forms (FULL_WIDTH) with no space around them.

Placeholders (``%(name)s``, ``{name}``), tags, entities, addresses and Django's date
format characters (``H:i``) are never touched; running it twice changes nothing.
"""

import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
PROTECTED = re.compile(r"%\(\w+\)[sdif]|%[sd]|\{\w*\}|<[^>]*>|&\w+;|https?://\S+|\S+@\S+")
MASK = "\ue000"
FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}


def _pieces(text: str):
    """(piece, protected) in order: what the rules may touch and what they may not."""
    position = 0
    for match in PROTECTED.finditer(text):
        yield text[position : match.start()], False
        yield match.group(), True
        position = match.end()
    yield text[position:], False


def typeset_french(text: str) -> str:
    # Each protected piece stands in as one private-use character while the rules run:
    # "%(title)s ;" still has a word before its semicolon.
    kept = [piece for piece, protected in _pieces(text) if protected]
    masked = PROTECTED.sub(MASK, text)
    done = iter(kept)
    return re.sub(MASK, lambda _match: next(done), _french(masked))


def _french(text: str) -> str:
    text = re.sub(r"(?<=\S) :(?=\s|$)", "\u00a0:", text)
    text = re.sub(r"(?<=\S) ([;?!])", "\u202f\\1", text)
    return text.replace("« ", "«\u00a0").replace(" »", "\u00a0»")


def typeset_chinese(text: str) -> str:
    pieces = list(_pieces(text))
    chars = [c for piece, _kept in pieces for c in piece]
    kept = [k for piece, k in pieces for _c in piece]

    def beside(i: int, step: int) -> str:
        j = i + step
        while 0 <= j < len(chars) and chars[j] == " ":
            j += step
        return chars[j] if 0 <= j < len(chars) else ""

    def next_to_chinese(i: int) -> bool:
        return bool(CJK.match(beside(i, -1)) or CJK.match(beside(i, 1)))

    def alnum(c: str) -> bool:
        return c.isascii() and c.isalnum()

    chinese = any(CJK.match(c) for c in chars)
    turn, opened = set(), []
    for i, c in enumerate(chars):
        if kept[i]:
            continue
        if c == "(":
            opened.append(i)
        elif c == ")" and opened:
            start = opened.pop()
            if chinese:  # brackets in a Chinese sentence are full-width, whatever inside
                turn.update((start, i))
        elif c in ",:;?!" and next_to_chinese(i):
            if c == ":" and alnum(beside(i, -1)) and alnum(beside(i, 1)):
                continue  # 10:00, H:i
            turn.add(i)
    out, after_turned = [], False
    for i, c in enumerate(chars):
        if after_turned and c == " " and not kept[i]:
            continue
        after_turned = False
        if i in turn:
            while out and out[-1] == " ":
                out.pop()
            out.append(FULL_WIDTH[c])
            after_turned = True
        else:
            out.append(c)
    return "".join(out)


RULES = {"fr": typeset_french, "zh_Hans": typeset_chinese}
MSGSTR = re.compile(r'^(msgstr(?:\[\d+\])? )"(.*)"$')


def typeset_catalogue(source: str, rule) -> str:
    """The .po text with the rule applied to every translation (msgid lines untouched)."""
    lines, in_msgstr = source.split("\n"), False
    header_ends = lines.index("") if "" in lines else 0  # the header is not a translation
    for index, line in enumerate(lines):
        if index < header_ends:
            continue
        match = MSGSTR.match(line)
        if match:
            in_msgstr = True
            lines[index] = f'{match.group(1)}"{rule(match.group(2))}"'
        elif in_msgstr and line.startswith('"'):
            lines[index] = f'"{rule(line[1:-1])}"'
        else:
            in_msgstr = False
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Apply the French and Chinese typography to their catalogues (make messages)."

    def handle(self, *args, **options):
        for language, rule in RULES.items():
            path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
            before = path.read_text(encoding="utf-8")
            after = typeset_catalogue(before, rule)
            if after != before:
                path.write_text(after, encoding="utf-8")
                self.stdout.write(f"{path}: typeset")
