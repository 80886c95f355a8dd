"""The catalogues are complete, and nothing a person reads escapes them.

- Every message the code asks for today (extracted with ``makemessages``, as a
  translator would, into a copy) is in the catalogue of each of the five languages
  besides English, translated and not fuzzy.
- No text in a template, and no label, help text, message or refusal in Python, is
  left unmarked for translation.

A translator's routine (README, "Translations"): ``make messages``, translate what
is empty or fuzzy following docs/glossary.md, then ``make test``.
"""

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

from core.management.commands.typeset_catalogues import (
    RULES,
    typeset_catalogue,
    typeset_chinese,
    typeset_french,
)

BASE = Path(settings.BASE_DIR)
LANGUAGES = ["ar", "zh_Hans", "fr", "ru", "es"]
CATALOGUE = "locale/{}/LC_MESSAGES/django.po"
# What makemessages reads: the project's apps and templates (never the virtualenv,
# the tests, the benchmark or what the machine left in var/).
SOURCES = [
    path.name
    for path in BASE.iterdir()
    if path.is_dir()
    and path.name not in {"tests", "var", "locale", "docs", "static", "bench", "test-artifacts"}
    and not path.name.startswith(".")
    and not path.name.endswith(".egg-info")
    and (path.name == "templates" or (path / "__init__.py").exists())
]


def _read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def _key(message) -> tuple:
    return (message.context or "", message.id)


def _messages(catalogue) -> list:
    """The catalogue's live messages (not the header, not the obsolete ones)."""
    return [message for message in catalogue if message.id]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set[tuple]:
    """The messages of today's code, extracted into a copy (the catalogues are not
    touched): the project's folders are copied into a scratch folder with a locale
    folder of its own, and makemessages runs there. Copied, not linked: makemessages
    writes a temporary .py beside each template it reads, which must not appear in
    the working tree (ruff would read it)."""
    scratch = tmp_path_factory.mktemp("extract")
    for name in SOURCES:
        shutil.copytree(
            BASE / name, scratch / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    (scratch / "locale").mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "fr", "-v", "0"],
        cwd=scratch,
        env={
            "PYTHONPATH": str(BASE),
            "DJANGO_SETTINGS_MODULE": "gmg.settings",
            "PATH": "/usr/bin:/bin",
            "DJANGO_DEBUG": "true",
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    catalogue = _read(scratch / CATALOGUE.format("fr"))
    shutil.rmtree(scratch / "locale")
    return {_key(message) for message in _messages(catalogue)}


def test_the_extraction_finds_the_messages_of_the_code(extracted):
    # A message of a template, of a model and of a plural in Python: the extraction
    # reads all three kinds of source.
    assert ("", "Sign-in and access") in extracted
    assert any(isinstance(key[1], tuple) for key in extracted)
    assert len(extracted) > 1000


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_of_the_code_is_in_the_catalogue(extracted, language):
    present = {_key(m) for m in _messages(_read(BASE / CATALOGUE.format(language)))}

    missing = sorted(extracted - present, key=str)

    assert not missing, (
        f"{len(missing)} messages of the code are not in {language}'s catalogue "
        f"(run make messages and translate them): {[m[1] for m in missing[:10]]}"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    catalogue = _read(BASE / CATALOGUE.format(language))
    messages = _messages(catalogue)

    def forms(message) -> tuple:
        return message.string if isinstance(message.string, tuple) else (message.string,)

    untranslated = [m.id for m in messages if not any(forms(m))]
    fuzzy = [m.id for m in messages if m.fuzzy]
    plural_gaps = [
        m.id
        for m in messages
        if isinstance(m.id, tuple)
        and any(forms(m))
        and (len(forms(m)) != catalogue.num_plurals or not all(forms(m)))
    ]

    assert not untranslated, f"{language}: {len(untranslated)} untranslated: {untranslated[:10]}"
    assert not fuzzy, f"{language}: {len(fuzzy)} fuzzy: {fuzzy[:10]}"
    assert not plural_gaps, f"{language}: plural forms missing: {plural_gaps[:10]}"


# %(name)s / %(count)d and {name}: a translation may leave one out (Arabic says
# "one minute" without the number) but never invents or misspells one, which would
# fail when the page is drawn.
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w+)\}")


def _placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_of_the_message(language):
    wrong = []
    for message in _messages(_read(BASE / CATALOGUE.format(language))):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        allowed = set().union(*(_placeholders(i) for i in ids))
        for string in strings:
            if string and not _placeholders(string) <= allowed:
                wrong.append((ids[0], string))
        # A message without plural forms keeps every placeholder it has.
        single = not isinstance(message.id, tuple)
        if single and strings[0] and _placeholders(strings[0]) != allowed:
            wrong.append((ids[0], strings[0]))

    assert not wrong, f"{language}: placeholders changed: {wrong[:5]}"


def test_the_placeholder_check_reads_both_styles():
    assert _placeholders("%(meeting)s on {date} for %(count)d") == {"meeting", "date", "count"}


# --- Text that escapes the catalogues --------------------------------------------

# Names and codes that read the same in every language.
INVARIANT = {
    "GMG",
    "PDF",
    "CSV",
    "UTC",
    "ics",
    "OParl",
    "JSON",
    "XML",
    "Akoma",
    "Ntoso",
    "API",
    "Markdown",
    "SHA",
    "ToR",
    "iCal",
    "Word",
    "Excel",
    "PowerPoint",
    "OpenDocument",
    "nbsp",
    "ndash",
    "mdash",
    "middot",
    "amp",
    "rarr",
    "larr",
    "hellip",
    "times",
}
# The documents (PDFs) are rendered in English until document languages come: the
# README says so. Error page 500 is rendered without the i18n machinery on purpose
# (it must work when everything else fails).
UNCHECKED_TEMPLATES = {"500.html"}
UNCHECKED_FOLDERS = {"pdf"}

TEMPLATE_NOISE = [
    re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S),
    re.compile(r"\{#.*?#\}", re.S),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I),
    re.compile(r"\{%\s*blocktranslate\b.*?\{%\s*endblocktranslate\s*%\}", re.S),
    re.compile(r"\{%.*?%\}", re.S),
    re.compile(r"\{\{.*?\}\}", re.S),
]
TEXT_ATTRIBUTES = re.compile(r'\b(?:aria-label|title|placeholder|alt)="([^"]*)"')


def _unmarked_in_template(source: str) -> list[str]:
    for pattern in TEMPLATE_NOISE:
        source = pattern.sub(" ", source)
    attributes = TEXT_ATTRIBUTES.findall(source)
    # Query strings in links (?meeting=) are addresses, not words.
    text = re.sub(r"<[^>]*>|[?&][a-z_]+=", " ", source)
    found = []
    for chunk in [*re.split(r"\n", text), *attributes]:
        words = [w for w in re.findall(r"[A-Za-z]{2,}", chunk) if w not in INVARIANT]
        if words:
            found.append(" ".join(chunk.split())[:80])
    return found


def _templates():
    for path in sorted((BASE / "templates").rglob("*")):
        if path.suffix not in {".html", ".txt"} or path.name in UNCHECKED_TEMPLATES:
            continue
        if UNCHECKED_FOLDERS & set(path.relative_to(BASE / "templates").parts):
            continue
        yield path


def test_no_template_text_is_left_unmarked_for_translation():
    unmarked = {}
    for path in _templates():
        found = _unmarked_in_template(path.read_text(encoding="utf-8"))
        if found:
            unmarked[str(path.relative_to(BASE))] = found
    assert not unmarked, f"text outside {{% translate %}}: {unmarked}"


def test_the_template_check_finds_unmarked_text():
    assert _unmarked_in_template("<p>Save the agenda</p>") == ["Save the agenda"]
    assert _unmarked_in_template('<a aria-label="Close">x</a>') == ["Close"]
    assert _unmarked_in_template("<p>{% translate 'Save' %} {{ name }}</p>") == []


# Calls and keywords whose string reaches a person: it must go through gettext.
PERSON_FACING_CALLS = {"ValidationError", "PermissionDenied", "ConflictError"}
PERSON_FACING_KEYWORDS = {
    "label",
    "help_text",
    "verbose_name",
    "verbose_name_plural",
    "empty_label",
}
MESSAGE_FUNCTIONS = {"success", "info", "warning", "error"}


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _is_text(node) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and len(re.findall(r"[A-Za-z]{2,}", node.value)) >= 1
    ) or isinstance(node, ast.JoinedStr)


def _unmarked_in_python(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        candidates = []
        if name in PERSON_FACING_CALLS and node.args:
            candidates.append(node.args[0])
        if (
            name in MESSAGE_FUNCTIONS
            and isinstance(node.func, ast.Attribute)
            and (getattr(node.func.value, "id", "") == "messages")
            and len(node.args) >= 2
        ):
            candidates.append(node.args[1])
        candidates += [kw.value for kw in node.keywords if kw.arg in PERSON_FACING_KEYWORDS]
        found += [f"line {c.lineno}: {ast.unparse(c)[:70]}" for c in candidates if _is_text(c)]
    return found


def test_no_label_message_or_refusal_in_python_is_left_unmarked():
    unmarked = {}
    for folder in SOURCES:
        if folder == "templates":
            continue
        for path in sorted((BASE / folder).rglob("*.py")):
            if "migrations" in path.parts or "management" in path.parts:
                continue
            found = _unmarked_in_python(path.read_text(encoding="utf-8"))
            if found:
                unmarked[str(path.relative_to(BASE))] = found
    assert not unmarked, f"strings a person reads, not marked with gettext: {unmarked}"


def test_the_python_check_finds_unmarked_strings():
    source = (
        "raise ValidationError('Choose a date.')\n"
        "messages.success(request, 'Saved.')\n"
        "f = forms.CharField(label='Name')\n"
        "g = forms.CharField(label=_('Name'))\n"
    )
    assert len(_unmarked_in_python(source)) == 3


# --- Typography (make messages applies it: core/management/commands/typeset_catalogues)


def test_french_gets_its_no_break_spaces():
    assert typeset_french("Supprimé : %(title)s ; encore ? Oui ! « %(from)s »") == (
        "Supprimé\u00a0: %(title)s\u202f; encore\u202f? Oui\u202f! «\u00a0%(from)s\u00a0»"
    )
    # Date formats, times, addresses and placeholders are left alone.
    assert typeset_french("l j F Y, H:i") == "l j F Y, H:i"
    assert typeset_french("https://example.org/?a=1 voir") == "https://example.org/?a=1 voir"


def test_chinese_gets_full_width_punctuation():
    guest = typeset_chinese("%(name)s(来宾,%(organization)s)")
    assert guest == "%(name)s（来宾，%(organization)s）"
    assert typeset_chinese("已更改:%(n)s. %(title)s (%(fields)s)") == (
        "已更改：%(n)s. %(title)s（%(fields)s）"
    )
    assert typeset_chinese("确定吗? 好!") == "确定吗？好！"
    # Date formats and times keep their colon; text with no Chinese is left alone.
    assert typeset_chinese("Y年n月j日 H:i") == "Y年n月j日 H:i"
    assert typeset_chinese("PDF (A4), 10:00") == "PDF (A4), 10:00"
    assert typeset_chinese('<a href="x">文件</a>') == '<a href="x">文件</a>'


def test_typesetting_twice_changes_nothing():
    for language, rule in RULES.items():
        source = (BASE / CATALOGUE.format(language)).read_text(encoding="utf-8")
        once = typeset_catalogue(source, rule)
        assert typeset_catalogue(once, rule) == once


def test_typesetting_leaves_the_messages_and_the_header_alone():
    source = 'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "Off : x"\nmsgstr "Supprimé : x"\n'

    assert typeset_catalogue(source, typeset_french) == source.replace(
        'msgstr "Supprimé : x"', 'msgstr "Supprimé\u00a0: x"'
    )
