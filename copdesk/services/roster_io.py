"""Bringing a roster in from a spreadsheet, and taking it out as CSV or vCard.

Import is two steps so the window can show what will happen before anything does:

1. :func:`plan_import` reads the bytes of a spreadsheet export: detects the encoding (UTF-8 with
   or without BOM, UTF-16 with BOM, else Windows-1252 as Excel writes it), the delimiter (``,``
   ``;`` or tab: :class:`csv.Sniffer`, checked against how evenly each candidate splits the
   first rows), maps columns to fields by their header in any language copdesk ships
   (:data:`HEADER_SYNONYMS`, the one table of header names), and sorts rows into *add*,
   *update* (matches a member: same email ignoring case, else same name), *unchanged* and
   problems by row number. Row numbers are those a spreadsheet shows: the header is row 1.
2. :func:`apply_import` writes the plan in ONE transaction with bulk inserts. With any invalid
   row nothing is written (the file is left byte for byte as it was) unless ``skip_invalid``.

Matching makes import idempotent: the same file imported twice adds nobody the second time.
Empty cells never erase what a member already has.

Export writes RFC 4180 CSV (minimal quoting, CRLF, UTF-8 with a BOM so Excel reads it) and
neutralises spreadsheet formulas (OWASP "CSV injection"): a cell that starts with ``=``, ``+``,
``-``, ``@``, tab or CR gets a leading ``'`` so a spreadsheet shows it as text; import removes
exactly that ``'`` again, so export → import → export is byte-identical.

vCard 3.0 (RFC 2426) is written by hand: escaped values, lines folded at 75 octets without
splitting a UTF-8 character, CRLF; only members who agreed to be contacted are included.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from copdesk.collation import fold
from copdesk.errors import ValidationError
from copdesk.i18n import N_, _, ngettext, window
from copdesk.models import Member
from copdesk.services import name_keys, roster
from copdesk.services.roster import LIST_SEPARATOR, MemberInput, MemberRow

Progress = Callable[[int, int], None]

# -- the one table of header names ----------------------------------------------------------------

# Field keys, in export order. "given_name"/"family_name" are import-only: joined into "name".
FIELDS: tuple[str, ...] = (
    "name",
    "preferred_name",
    "pronouns",
    "email",
    "phone",
    "organisation",
    "languages",
    "can_teach",
    "wants_to_learn",
    "why",
    "why_tags",
    "may_print",
    "may_contact",
    "joined_on",
    "notes",
)
IMPORT_ONLY = ("given_name", "family_name")
LIST_FIELDS = ("languages", "can_teach", "wants_to_learn", "why_tags")
BOOL_FIELDS = ("may_print", "may_contact")

# What the window shows for each field (translated where shown).
FIELD_LABELS: dict[str, str] = {
    "name": N_("Name"),
    "preferred_name": N_("Name for name tags"),
    "pronouns": N_("Pronouns"),
    "email": N_("Email"),
    "phone": N_("Phone"),
    "organisation": N_("Organisation"),
    "languages": N_("Languages"),
    "can_teach": N_("Can teach"),
    "wants_to_learn": N_("Wants to learn"),
    "why": N_("Why they come"),
    "why_tags": N_("Why tags"),
    "may_print": N_("On printed lists"),
    "may_contact": N_("May be contacted"),
    "joined_on": N_("Joined"),
    "notes": N_("Notes"),
    "given_name": N_("First name"),
    "family_name": N_("Family name"),
}

# Header names recognised on import, per language copdesk ships; the first name of a language is
# the one export writes. Compared after folding case and accents and dropping punctuation.
HEADER_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "name": {
        "en": ("Name", "Full name", "Member", "Member name"),
        "es": ("Nombre", "Nombre completo", "Nombre y apellidos"),
        "fr": ("Nom", "Nom complet", "Nom et prénom"),
        "de": ("Name", "Vollständiger Name", "Vor- und Nachname"),
        "pt_BR": ("Nome", "Nome completo"),
        "ar": ("الاسم", "الاسم الكامل"),
        "he": ("שם", "שם מלא"),
        "hi": ("नाम", "पूरा नाम"),
        "ja": ("名前", "氏名", "お名前"),
        "zh_CN": ("姓名", "名字"),
    },
    "preferred_name": {
        "en": ("Name for name tags", "Preferred name", "Name tag", "Nickname", "Known as"),
        "es": ("Nombre para la etiqueta", "Nombre preferido", "Apodo"),
        "fr": ("Nom pour le badge", "Nom d'usage", "Surnom"),
        "de": ("Name für Namensschild", "Rufname", "Spitzname"),
        "pt_BR": ("Nome para o crachá", "Nome social", "Apelido", "Nome preferido"),
        "ar": ("الاسم على البطاقة", "الاسم المفضل", "اللقب"),
        "he": ("שם לתג", "שם מועדף", "כינוי"),
        "hi": ("नाम पट्टी का नाम", "पसंदीदा नाम"),
        "ja": ("名札の名前", "呼び名", "ニックネーム"),
        "zh_CN": ("名牌上的名字", "称呼", "昵称"),
    },
    "pronouns": {
        "en": ("Pronouns",),
        "es": ("Pronombres",),
        "fr": ("Pronoms",),
        "de": ("Pronomen",),
        "pt_BR": ("Pronomes",),
        "ar": ("الضمائر",),
        "he": ("לשון פנייה", "כינויי גוף"),
        "hi": ("सर्वनाम",),
        "ja": ("代名詞",),
        "zh_CN": ("代词",),
    },
    "email": {
        "en": ("Email", "E-mail", "Email address", "E-mail address", "Mail"),
        "es": ("Correo electrónico", "Correo", "Email"),
        "fr": ("Courriel", "Adresse électronique", "Adresse e-mail", "E-mail"),
        "de": ("E-Mail", "E-Mail-Adresse"),
        "pt_BR": ("E-mail", "Endereço de e-mail"),
        "ar": ("البريد الإلكتروني", "البريد"),
        "he": ('דוא"ל', "דואר אלקטרוני", "אימייל"),
        "hi": ("ईमेल", "ई-मेल"),
        "ja": ("メールアドレス", "メール", "Eメール"),
        "zh_CN": ("电子邮件", "邮箱", "电子邮箱"),
    },
    "phone": {
        "en": ("Phone", "Telephone", "Phone number", "Mobile"),
        "es": ("Teléfono", "Móvil", "Celular"),
        "fr": ("Téléphone", "Portable"),
        "de": ("Telefon", "Telefonnummer", "Handy", "Mobil"),
        "pt_BR": ("Telefone", "Celular"),
        "ar": ("الهاتف", "رقم الهاتف", "الجوال"),
        "he": ("טלפון", "נייד"),
        "hi": ("फ़ोन", "फोन", "मोबाइल"),
        "ja": ("電話番号", "電話", "携帯"),
        "zh_CN": ("电话", "手机", "电话号码"),
    },
    "organisation": {
        "en": ("Organisation", "Organization", "Company", "Employer", "Affiliation"),
        "es": ("Organización", "Entidad", "Empresa", "Institución"),
        "fr": ("Organisation", "Organisme", "Structure", "Entreprise"),
        "de": ("Organisation", "Einrichtung", "Firma", "Arbeitgeber"),
        "pt_BR": ("Organização", "Instituição"),
        "ar": ("المنظمة", "الجهة", "المؤسسة"),
        "he": ("ארגון",),
        "hi": ("संगठन", "संस्था"),
        "ja": ("所属", "組織", "団体"),
        "zh_CN": ("组织", "单位", "机构"),
    },
    "languages": {
        "en": ("Languages", "Languages spoken"),
        "es": ("Idiomas", "Lenguas"),
        "fr": ("Langues",),
        "de": ("Sprachen",),
        "pt_BR": ("Línguas",),
        "ar": ("اللغات",),
        "he": ("שפות",),
        "hi": ("भाषाएँ", "भाषाएं"),
        "ja": ("言語", "話せる言語"),
        "zh_CN": ("语言",),
    },
    "can_teach": {
        "en": ("Can teach", "Skills", "Can share"),
        "es": ("Puede enseñar", "Habilidades"),
        "fr": ("Peut enseigner", "Compétences"),
        "de": ("Kann lehren", "Kann beibringen", "Kompetenzen"),
        "pt_BR": ("Pode ensinar",),
        "ar": ("يمكنه تعليم", "المهارات"),
        "he": ("יכול/ה ללמד", "יכול ללמד", "כישורים"),
        "hi": ("सिखा सकते हैं", "कौशल"),
        "ja": ("教えられること", "スキル"),
        "zh_CN": ("可以教", "技能"),
    },
    "wants_to_learn": {
        "en": ("Wants to learn", "Want to learn", "Interests"),
        "es": ("Quiere aprender", "Intereses"),
        "fr": ("Veut apprendre", "Centres d'intérêt"),
        "de": ("Möchte lernen", "Interessen"),
        "pt_BR": ("Quer aprender", "Interesses"),
        "ar": ("يريد أن يتعلم", "الاهتمامات"),
        "he": ("רוצה ללמוד", "תחומי עניין"),
        "hi": ("सीखना चाहते हैं", "रुचियाँ"),
        "ja": ("学びたいこと", "興味"),
        "zh_CN": ("想学", "兴趣"),
    },
    "why": {
        "en": ("Why they come", "Why", "Motivation"),
        "es": ("Por qué viene", "Motivación"),
        "fr": ("Pourquoi vient", "Pourquoi"),
        "de": ("Warum", "Beweggrund"),
        "pt_BR": ("Por que vem", "Motivação"),
        "ar": ("سبب الحضور", "الدافع"),
        "he": ("למה מגיע/ה", "מוטיבציה"),
        "hi": ("क्यों आते हैं", "प्रेरणा"),
        "ja": ("参加の理由", "動機"),
        "zh_CN": ("参加原因", "动机"),
    },
    "why_tags": {
        "en": ("Why tags", "Tags"),
        "es": ("Etiquetas",),
        "fr": ("Étiquettes",),
        "de": ("Schlagwörter",),
        "pt_BR": ("Marcadores",),
        "ar": ("الوسوم",),
        "he": ("תגיות",),
        "hi": ("टैग",),
        "ja": ("タグ",),
        "zh_CN": ("标签",),
    },
    "may_print": {
        "en": ("On printed lists", "May print", "Print consent"),
        "es": ("En listas impresas",),
        "fr": ("Sur les listes imprimées",),
        "de": ("Auf gedruckten Listen",),
        "pt_BR": ("Nas listas impressas",),
        "ar": ("في القوائم المطبوعة",),
        "he": ("ברשימות מודפסות",),
        "hi": ("छपी सूची में",),
        "ja": ("印刷名簿に掲載",),
        "zh_CN": ("可印在名单上",),
    },
    "may_contact": {
        "en": ("May be contacted", "Contact consent"),
        "es": ("Se puede contactar",),
        "fr": ("Peut être contacté",),
        "de": ("Darf kontaktiert werden",),
        "pt_BR": ("Pode ser contatado",),
        "ar": ("يمكن التواصل",),
        "he": ("ניתן ליצור קשר",),
        "hi": ("संपर्क कर सकते हैं",),
        "ja": ("連絡可",),
        "zh_CN": ("可以联系",),
    },
    "joined_on": {
        "en": ("Joined", "Joined on", "Date joined", "Member since"),
        "es": ("Fecha de alta", "Miembro desde"),
        "fr": ("Arrivée", "Date d'adhésion", "Membre depuis"),
        "de": ("Beitritt", "Mitglied seit", "Beitrittsdatum"),
        "pt_BR": ("Data de entrada", "Membro desde"),
        "ar": ("تاريخ الانضمام",),
        "he": ("תאריך הצטרפות",),
        "hi": ("शामिल होने की तिथि",),
        "ja": ("参加日", "入会日"),
        "zh_CN": ("加入日期",),
    },
    "notes": {
        "en": ("Notes", "Comments"),
        "es": ("Notas", "Observaciones", "Comentarios"),
        "fr": ("Notes", "Remarques", "Commentaires"),
        "de": ("Notizen", "Bemerkungen", "Anmerkungen"),
        "pt_BR": ("Observações", "Notas", "Comentários"),
        "ar": ("ملاحظات",),
        "he": ("הערות",),
        "hi": ("टिप्पणियाँ", "नोट्स"),
        "ja": ("メモ", "備考"),
        "zh_CN": ("备注", "说明"),
    },
    "given_name": {
        "en": ("First name", "Given name"),
        "es": ("Nombre de pila",),
        "fr": ("Prénom",),
        "de": ("Vorname",),
        "pt_BR": ("Primeiro nome", "Prenome"),
        "ar": ("الاسم الأول",),
        "he": ("שם פרטי",),
        "hi": ("पहला नाम",),
        "ja": ("名",),
        "zh_CN": ("名",),
    },
    "family_name": {
        "en": ("Last name", "Surname", "Family name"),
        "es": ("Apellidos", "Apellido"),
        "fr": ("Nom de famille",),
        "de": ("Nachname", "Familienname"),
        "pt_BR": ("Sobrenome",),
        "ar": ("اسم العائلة",),
        "he": ("שם משפחה",),
        "hi": ("कुलनाम",),
        "ja": ("姓",),
        "zh_CN": ("姓",),
    },
}
LANGUAGES = ("en", "es", "fr", "de", "pt_BR", "ar", "he", "hi", "ja", "zh_CN")

# Yes/no in cells, per language; the first pair of a language is what export writes.
YES_NO: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "en": (("yes", "y", "true", "1", "x", "✓", "✔"), ("no", "n", "false", "0")),
    "es": (("sí", "si"), ("no",)),
    "fr": (("oui",), ("non",)),
    "de": (("ja",), ("nein",)),
    "pt_BR": (("sim",), ("não", "nao")),
    "ar": (("نعم",), ("لا",)),
    "he": (("כן",), ("לא",)),
    "hi": (("हाँ", "हां"), ("नहीं",)),
    "ja": (("はい",), ("いいえ",)),
    "zh_CN": (("是",), ("否",)),
}

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def header_key(text: str) -> str:
    """A header as compared: folded, letters/digits/marks only ("E-Mail:" → "email")."""
    return "".join(ch for ch in fold(text) if unicodedata.category(ch)[0] in "LNM")


def _synonym_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for field_key, by_language in HEADER_SYNONYMS.items():
        for names in by_language.values():
            for name in names:
                index.setdefault(header_key(name), field_key)
    return index


SYNONYMS = _synonym_index()
_YES = {fold(w) for yes, _no in YES_NO.values() for w in yes}
_NO = {fold(w) for _yes, no in YES_NO.values() for w in no}


def _export_language(locale: str | None) -> str:
    loc = (locale or window().locale).replace("-", "_")
    if loc in LANGUAGES:
        return loc
    base = loc.split("_")[0]
    for lang in LANGUAGES:
        if lang.split("_")[0] == base:
            return lang
    return "en"


def field_for_name(text: str) -> str | None:
    """The field a header or a user's ``--map`` target names (a field key or any synonym)."""
    if text in FIELDS or text in IMPORT_ONLY:
        return text
    return SYNONYMS.get(header_key(text))


# -- plain data ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnMapping:
    index: int  # 0-based
    header: str
    field: str | None  # None: ignored

    @property
    def label(self) -> str:
        return _(FIELD_LABELS[self.field]) if self.field else _("(ignored)")


@dataclass(frozen=True)
class RowProblem:
    row: int  # as a spreadsheet numbers it: the header is row 1
    reason: str  # a stable code: no_name, bad_email, duplicate_email, too_many_cells, …
    message: str  # a sentence in the window's language


@dataclass(frozen=True)
class PlannedRow:
    row: int
    action: str  # "add", "update", "unchanged" or "invalid"
    values: tuple[tuple[str, object], ...]  # the non-empty mapped cells, converted
    member_id: int | None = None  # the member it matches
    name: str = ""
    data: MemberInput | None = None  # validated, for a row to add (saves validating it twice)


@dataclass(frozen=True)
class ImportPlan:
    encoding: str
    delimiter: str
    columns: tuple[ColumnMapping, ...]
    rows: tuple[PlannedRow, ...]
    problems: tuple[RowProblem, ...]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def to_add(self) -> int:
        return self.count("add")

    @property
    def to_update(self) -> int:
        return self.count("update")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def invalid_rows(self) -> int:
        return len({p.row for p in self.problems})


@dataclass(frozen=True)
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: tuple[RowProblem, ...] = field(default_factory=tuple)

    def lines(self) -> list[str]:
        """The report as sentences in the window's language."""
        out = [
            ngettext("{count} member imported", "{count} members imported", self.added).format(
                count=self.added
            ),
            ngettext("{count} member updated", "{count} members updated", self.updated).format(
                count=self.updated
            ),
            ngettext(
                "{count} row already up to date", "{count} rows already up to date", self.unchanged
            ).format(count=self.unchanged),
        ]
        rows = len({p.row for p in self.skipped})
        if rows:
            out.append(
                ngettext(
                    "{count} row skipped because of problems:",
                    "{count} rows skipped because of problems:",
                    rows,
                ).format(count=rows)
            )
            out.extend(problem_line(p) for p in self.skipped)
        return out


def problem_line(problem: RowProblem) -> str:
    return _("Row {row}: {reason}").format(row=problem.row, reason=problem.message)


def delimiter_name(delimiter: str) -> str:
    return {
        ",": _("comma"),
        ";": _("semicolon"),
        "\t": _("tab"),
    }.get(delimiter, delimiter)


def plan_lines(plan: ImportPlan) -> list[str]:
    """The plan as sentences in the window's language (what the CLI prints before importing)."""
    out = [
        _("Read as {encoding}, columns separated by {delimiter}.").format(
            encoding=plan.encoding, delimiter=delimiter_name(plan.delimiter)
        ),
        _("Columns:"),
    ]
    for c in plan.columns:
        out.append(
            _("  {number}. {header} → {field}").format(
                number=c.index + 1, header=c.header or "—", field=c.label
            )
        )
    out.append(
        ngettext("{count} new member to add", "{count} new members to add", plan.to_add).format(
            count=plan.to_add
        )
    )
    out.append(
        ngettext("{count} member to update", "{count} members to update", plan.to_update).format(
            count=plan.to_update
        )
    )
    out.append(
        ngettext(
            "{count} row already up to date", "{count} rows already up to date", plan.unchanged
        ).format(count=plan.unchanged)
    )
    if plan.problems:
        out.append(
            ngettext(
                "{count} row has problems:", "{count} rows have problems:", plan.invalid_rows
            ).format(count=plan.invalid_rows)
        )
        out.extend(problem_line(p) for p in plan.problems)
    return out


# -- reading bytes ---------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """The text of a spreadsheet export and the encoding it was in.

    A BOM decides (UTF-8, UTF-16); otherwise UTF-8 if the bytes are valid UTF-8 (almost never
    true by accident), else Windows-1252, which is what Excel writes on Windows in Western
    locales (bytes it leaves undefined are read as Latin-1 so nothing is lost).
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _records(text: str, delimiter: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    return [row for row in reader]


def _evenness(text: str, delimiter: str) -> tuple[float, int]:
    """How well ``delimiter`` splits the first rows: share of rows as wide as the header."""
    sample = text[:16384]
    try:
        rows = [r for r in _records(sample, delimiter)[:50] if any(c.strip() for c in r)]
    except csv.Error:
        return (0.0, 0)
    if not rows or len(rows[0]) < 2:
        return (0.0, len(rows[0]) if rows else 0)
    width = len(rows[0])
    return (sum(1 for r in rows if len(r) == width) / len(rows), width)


def detect_delimiter(text: str) -> str:
    """``,``, ``;`` or tab: what csv.Sniffer says if it splits the rows at least as evenly as
    the best candidate, else the candidate that splits them most evenly (then most columns)."""
    scores = {d: _evenness(text, d) for d in (",", ";", "\t")}
    best = max(scores, key=lambda d: (scores[d], d == ","))
    try:
        sniffed = csv.Sniffer().sniff(text[:16384], delimiters=",;\t").delimiter
    except csv.Error:
        sniffed = None
    if sniffed in scores and scores[sniffed] >= scores[best]:
        return sniffed
    return best


def strip_formula_guard(value: str) -> str:
    """Undo :func:`guard_formula`: remove the ``'`` export put before a formula-like cell."""
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


def guard_formula(value: str) -> str:
    """Make a cell a spreadsheet will not run as a formula (OWASP CSV injection)."""
    if value.lstrip("'").startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


# -- planning ------------------------------------------------------------------------------------


def _map_columns(
    headers: list[str], overrides: Mapping[str, str | None] | None
) -> list[ColumnMapping]:
    fields_: list[str | None] = []
    seen: set[str] = set()
    for header in headers:
        f = SYNONYMS.get(header_key(header))
        if f in seen:
            f = None  # a second column for the same field is ignored unless mapped by hand
        if f:
            seen.add(f)
        fields_.append(f)
    for column, target in (overrides or {}).items():
        index = _column_index(headers, column)
        if target is None or target.strip() in ("", "-", "ignore"):
            fields_[index] = None
            continue
        f = field_for_name(target.strip())
        if f is None:
            raise ValidationError(
                _("“{field}” is not a field copdesk knows. Fields: {fields}.").format(
                    field=target, fields=", ".join(FIELDS + IMPORT_ONLY)
                ),
                field="map",
            )
        fields_ = [None if x == f else x for x in fields_]
        fields_[index] = f
    # "Nom" + "Prénom" (fr), "Nombre" + "Apellidos" (es): the name column is then one half.
    if "name" in fields_:
        if "given_name" in fields_ and "family_name" not in fields_:
            fields_[fields_.index("name")] = "family_name"
        elif "family_name" in fields_ and "given_name" not in fields_:
            fields_[fields_.index("name")] = "given_name"
    return [ColumnMapping(i, h, f) for i, (h, f) in enumerate(zip(headers, fields_, strict=True))]


def _column_index(headers: list[str], column: str) -> int:
    text = column.strip()
    if text.isdigit() and 1 <= int(text) <= len(headers):
        return int(text) - 1
    wanted = header_key(text)
    for i, h in enumerate(headers):
        if h.strip() == text or (wanted and header_key(h) == wanted):
            return i
    raise ValidationError(
        _("The file has no column “{column}”. Its columns: {columns}.").format(
            column=column, columns=", ".join(h for h in headers)
        ),
        field="map",
    )


def _is_cjk(text: str) -> bool:
    return bool(text) and all(
        "\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af"
        for ch in text.replace(" ", "")
    )


def _parse_date(text: str) -> dt.date | None:
    text = text.strip()
    if len(text) == 10 and text[4] == "-":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    for pattern in ("%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T].*", text):
        return _parse_date(text[:10])
    return None


_LIST_CELL = re.compile(r"[;\n]")  # what separates the items of a list in one cell


def _convert(row_no: int, cells: dict[str, str]) -> tuple[dict[str, object], list[RowProblem]]:
    """The non-empty cells of one row as field values, and what is wrong with them."""
    values: dict[str, object] = {}
    problems: list[RowProblem] = []
    for f, raw in cells.items():
        if not raw.strip():
            continue
        if f in LIST_FIELDS:
            values[f] = tuple([p for part in _LIST_CELL.split(raw) if (p := part.strip())])
        elif f in BOOL_FIELDS:
            word = fold(raw.strip())
            if word in _YES:
                values[f] = True
            elif word in _NO:
                values[f] = False
            else:
                problems.append(
                    RowProblem(
                        row_no,
                        "bad_yes_no",
                        _("“{value}” in the column {column} is not yes or no.").format(
                            value=raw.strip(), column=_(FIELD_LABELS[f])
                        ),
                    )
                )
        elif f == "joined_on":
            day = _parse_date(raw)
            if day is None:
                problems.append(
                    RowProblem(
                        row_no,
                        "bad_date",
                        _("“{value}” is not a date (write it as 2026-03-31).").format(
                            value=raw.strip()
                        ),
                    )
                )
            else:
                values[f] = day
        else:
            values[f] = raw
    given = str(values.pop("given_name", "")).strip()
    family = str(values.pop("family_name", "")).strip()
    if (given or family) and "name" not in values:
        if _is_cjk(given) and _is_cjk(family):
            values["name"] = family + given
        else:
            values["name"] = " ".join(p for p in (given, family) if p)
    return values, problems


def _member_input(values: Mapping[str, object], base: MemberInput | None) -> MemberInput:
    changes = {k: v for k, v in values.items() if k in MemberInput.__dataclass_fields__}
    if base is None:  # a new member: no need to copy one first
        return MemberInput(**{"name": "", **changes})  # type: ignore[arg-type]
    email = str(changes.get("email", "")).strip()
    if email.casefold() == base.email.casefold():
        changes.pop("email", None)  # the same address in other capitals: keep it as it is
    return replace(base, **changes)


def _comparable(data: MemberInput) -> MemberInput:
    """For "unchanged": lists compared as sets where the order is not shown (tags)."""
    return replace(data, why_tags=tuple(sorted(data.why_tags or ())))


class _Matcher:
    """Finds the existing member a row is about: same email (ignoring case), else same name."""

    def __init__(self, db: Session) -> None:
        self.by_email: dict[str, int] = {}
        self.by_name: defaultdict[str, list[int]] = defaultdict(list)
        self.email_of: dict[int, str] = {}
        query = select(Member.id, Member.name, Member.email).where(Member.anonymous.is_(False))
        for mid, name, email in db.execute(query.order_by(Member.id)):
            if email:
                self.by_email.setdefault(email.casefold(), mid)
            self.by_name[_name_key(name)].append(mid)
            self.email_of[mid] = email
        self.used: set[int] = set()

    def match(self, values: Mapping[str, object]) -> int | None:
        email = str(values.get("email", "")).strip().casefold()
        if email and email in self.by_email:
            found = self.by_email[email]
            self.used.add(found)
            return found
        name = _name_key(str(values.get("name", "")))
        for mid in self.by_name.get(name, ()):
            if mid in self.used:
                continue
            if email and self.email_of[mid]:
                continue  # two different addresses: two different people
            self.used.add(mid)
            return mid
        return None


def _name_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def plan_import(
    db: Session, data: bytes, mapping_overrides: Mapping[str, str | None] | None = None
) -> ImportPlan:
    """Read a spreadsheet export and say what importing it would do; changes nothing.

    ``mapping_overrides`` maps a column (its header, or its number from 1) to a field key (see
    :data:`FIELDS`), a header synonym, or None/"ignore" to skip it.
    """
    text, encoding = decode(data)
    delimiter = detect_delimiter(text)
    try:
        records = _records(text, delimiter)
    except csv.Error as exc:
        raise ValidationError(
            _("The file could not be read as a spreadsheet ({reason}).").format(reason=exc)
        ) from exc
    # Leading blank lines are not the header.
    while records and not any(c.strip() for c in records[0]):
        records.pop(0)
    if not records:
        raise ValidationError(_("The file is empty: there is no header row."))
    headers = [unicodedata.normalize("NFC", strip_formula_guard(h)).strip() for h in records[0]]
    columns = _map_columns(headers, mapping_overrides)
    mapped = {c.field for c in columns if c.field}
    if "name" not in mapped and not ({"given_name", "family_name"} & mapped):
        raise ValidationError(
            _(
                "No column holds the members' names. Name one with --map, e.g. "
                '--map "{column}=name".'
            ).format(column=headers[0] if headers else "1")
        )
    matcher = _Matcher(db)
    existing = {r.id: r for r in roster.list_members(db)} if matcher.email_of else {}
    rows: list[PlannedRow] = []
    problems: list[RowProblem] = []
    emails_seen: dict[str, int] = {}
    width = len(headers)
    for offset, record in enumerate(records[1:]):
        row_no = offset + 2
        if not any(c.strip() for c in record):
            continue
        row_problems: list[RowProblem] = []
        if len(record) > width and any(c.strip() for c in record[width:]):
            row_problems.append(
                RowProblem(
                    row_no,
                    "too_many_cells",
                    _("it has {count} cells but the header has {width}.").format(
                        count=len(record), width=width
                    ),
                )
            )
        elif len(record) < width:
            row_problems.append(
                RowProblem(
                    row_no,
                    "too_few_cells",
                    _("it has {count} cells but the header has {width}.").format(
                        count=len(record), width=width
                    ),
                )
            )
        cells = {
            c.field: strip_formula_guard(record[c.index].replace("\r\n", "\n"))
            for c in columns
            if c.field and c.index < len(record)
        }
        values, value_problems = _convert(row_no, cells)
        row_problems.extend(value_problems)
        name = str(values.get("name", "")).strip()
        if not name:
            row_problems.append(RowProblem(row_no, "no_name", _("it has no name.")))
        email = str(values.get("email", "")).strip()
        if email:
            key = email.casefold()
            if key in emails_seen:
                row_problems.append(
                    RowProblem(
                        row_no,
                        "duplicate_email",
                        _("the email {email} is also on row {other}.").format(
                            email=email, other=emails_seen[key]
                        ),
                    )
                )
            else:
                emails_seen[key] = row_no
        member_id = None if row_problems else matcher.match(values)
        action = "invalid"
        added_data = None
        if not row_problems:
            base = existing[member_id].as_input() if member_id is not None else None
            try:
                clean = roster.validate(_member_input(values, base))
            except ValidationError as exc:
                reason = {"email": "bad_email", "name": "no_name"}.get(exc.field or "", "invalid")
                row_problems.append(RowProblem(row_no, reason, exc.message))
            else:
                if member_id is None:
                    action = "add"
                    added_data = clean
                elif _comparable(clean) == _comparable(base):  # stored data is clean
                    action = "unchanged"
                else:
                    action = "update"
        problems.extend(row_problems)
        rows.append(
            PlannedRow(
                row=row_no,
                action="invalid" if row_problems else action,
                values=tuple(values.items()),
                member_id=member_id,
                name=name,
                data=added_data,
            )
        )
    return ImportPlan(
        encoding=encoding,
        delimiter=delimiter,
        columns=tuple(columns),
        rows=tuple(rows),
        problems=tuple(problems),
    )


# -- applying ------------------------------------------------------------------------------------


@roster.transactional
def apply_import(
    db: Session,
    plan: ImportPlan,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Write a plan in one transaction.

    With invalid rows and not ``skip_invalid`` nothing is written and :class:`ValidationError`
    says why. Matches are looked up again, so a plan made before other changes stays safe.
    ``progress(done, total)`` is called every few hundred rows.
    """
    if plan.problems and not skip_invalid:
        count = plan.invalid_rows
        raise ValidationError(
            ngettext(
                "Nothing was imported: {count} row has problems. Correct it, or skip it.",
                "Nothing was imported: {count} rows have problems. Correct them, or skip them.",
                count,
            ).format(count=count)
        )
    todo = [r for r in plan.rows if r.action != "invalid"]
    total = len(todo)
    matcher = _Matcher(db)
    existing = {r.id: r for r in roster.list_members(db)} if matcher.email_of else {}
    org_cache: dict[str, int] = {}
    org_ids: dict[str, int | None] = {}
    tag_cache: dict[str, int] = {}
    next_id = (db.scalar(select(func.max(Member.id))) or 0) + 1
    name_key = name_keys.key_function(db)
    new_members: list[tuple] = []
    new_items: list[tuple] = []
    new_tags: list[tuple] = []
    added = updated = unchanged = 0
    for done, planned in enumerate(todo, start=1):
        values = dict(planned.values)
        member_id = matcher.match(values)
        if member_id is None:
            clean = planned.data or roster.validate(_member_input(values, None))
            mid = next_id
            next_id += 1
            org = clean.organisation
            if org not in org_ids:
                org_ids[org] = roster.organisation_id_for(db, org, org_cache)
            search = [fold(p) for p in (clean.name, clean.preferred_name, clean.email, org) if p]
            for kind, values_ in (
                ("language", clean.languages),
                ("teach", clean.can_teach),
                ("learn", clean.wants_to_learn),
            ):
                for pos, text_ in enumerate(values_ or ()):
                    folded = roster.clean_item(text_)[1]  # (text_ is clean already)
                    new_items.append((mid, kind, pos, text_, folded))
                    if kind != "language":
                        search.append(folded)
            new_members.append(
                (
                    mid,
                    clean.name,
                    clean.preferred_name,
                    clean.pronouns or "",
                    clean.email,
                    clean.phone,
                    org_ids[org],
                    clean.why or "",
                    clean.notes,
                    clean.joined_on.isoformat() if clean.joined_on else None,
                    True if clean.may_print is None else clean.may_print,
                    True if clean.may_contact is None else clean.may_contact,
                    False,
                    "\n".join(search),
                    name_key(clean.name) if name_key is not None else None,
                )
            )
            if clean.why_tags:
                new_tags.extend((mid, t) for t in roster._tag_ids(db, clean.why_tags, tag_cache))
            added += 1
        else:
            base = existing[member_id].as_input()
            clean = roster.validate(_member_input(values, base))
            if _comparable(clean) == _comparable(base):
                unchanged += 1
            else:
                member = db.get(Member, member_id)
                assert member is not None
                roster._write(db, member, clean, adding=False)
                updated += 1
        if len(new_members) >= 5000:
            _flush_new(db, new_members, new_items, new_tags)
        if progress is not None and (done % 500 == 0 or done == total):
            progress(done, total)
    _flush_new(db, new_members, new_items, new_tags)
    db.commit()
    return ImportReport(
        added=added,
        updated=updated,
        unchanged=unchanged,
        skipped=plan.problems if skip_invalid else (),
    )


_MEMBER_COLUMNS = (
    "id",
    "name",
    "preferred_name",
    "pronouns",
    "email",
    "phone",
    "organisation_id",
    "why",
    "notes",
    "joined_on",
    "may_print",
    "may_contact",
    "anonymous",
    "search_text",
    "name_key",
)


def _insert_many(db: Session, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    # Straight to the driver's executemany: SQLAlchemy's per-row parameter processing would
    # cost more than SQLite's own work here. Dates are ISO text, as SQLAlchemy stores them.
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    db.connection().exec_driver_sql(sql, rows)


def _flush_new(db: Session, members: list[tuple], items: list[tuple], tags: list[tuple]) -> None:
    if members:
        _insert_many(db, "members", _MEMBER_COLUMNS, members)
    if items:
        _insert_many(db, "member_items", ("member_id", "kind", "position", "text", "folded"), items)
    if tags:
        _insert_many(db, "member_tags", ("member_id", "tag_id"), tags)
    members.clear()
    items.clear()
    tags.clear()


def import_csv(
    db: Session,
    data: bytes,
    mapping_overrides: Mapping[str, str | None] | None = None,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Plan and apply in one call (the CLI without --dry-run)."""
    return apply_import(db, plan_import(db, data, mapping_overrides), skip_invalid, progress)


# -- export --------------------------------------------------------------------------------------


def _cell(row: MemberRow, f: str, lang: str) -> str:
    value = getattr(row, f)
    if f in LIST_FIELDS:
        return f"{LIST_SEPARATOR} ".join(value or ())
    if f in BOOL_FIELDS:
        yes, no = YES_NO[lang]
        return yes[0] if value or value is None else no[0]
    if f == "joined_on":
        return value.isoformat() if value else ""
    return value or ""


def export_csv(db: Session, locale: str | None = None) -> bytes:
    """Every member as CSV for a spreadsheet; headers (and yes/no) in ``locale``'s language
    (default: the window's) when copdesk ships it, else English."""
    lang = _export_language(locale)
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    headers = []
    for f in FIELDS:
        names = HEADER_SYNONYMS[f].get(lang) or HEADER_SYNONYMS[f]["en"]
        headers.append(names[0])
    writer.writerow(guard_formula(h) for h in headers)
    for row in roster.list_members(db):
        writer.writerow(guard_formula(_cell(row, f, lang)) for f in FIELDS)
    return out.getvalue().encode("utf-8-sig")


# -- vCard ---------------------------------------------------------------------------------------


def _vcard_escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def _fold_line(line: str) -> bytes:
    """A content line folded at 75 octets (RFC 2426 §2.6), never inside a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return data + b"\r\n"
    parts: list[bytes] = []
    current = b""
    limit = 75
    for ch in line:
        encoded = ch.encode("utf-8")
        if len(current) + len(encoded) > limit:
            parts.append(current)
            current = b""
            limit = 74  # continuation lines start with a space
        current += encoded
    parts.append(current)
    return b"\r\n ".join(parts) + b"\r\n"


def vcard(row: MemberRow) -> bytes:
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"FN:{_vcard_escape(row.name)}",
        f"N:;{_vcard_escape(row.name)};;;",
    ]
    if row.preferred_name:
        lines.append(f"NICKNAME:{_vcard_escape(row.preferred_name)}")
    if row.email:
        lines.append(f"EMAIL;TYPE=INTERNET:{_vcard_escape(row.email)}")
    if row.phone:
        lines.append(f"TEL;TYPE=VOICE:{_vcard_escape(row.phone)}")
    if row.organisation:
        lines.append(f"ORG:{_vcard_escape(row.organisation)}")
    lines.append("END:VCARD")
    return b"".join(_fold_line(line) for line in lines)


def contactable(rows: Iterable[MemberRow]) -> list[MemberRow]:
    """Members who agreed to be contacted and left a way to do it."""
    return [r for r in rows if r.may_contact and (r.email or r.phone)]


def export_vcard(db: Session) -> tuple[bytes, int]:
    """vCards of the members who may be contacted, and how many there are."""
    rows = contactable(roster.list_members(db))
    return b"".join(vcard(r) for r in rows), len(rows)
