"""Bringing a group in from a spreadsheet: agencies, guest organizations and people.

Read with tablib (CSV or .xlsx), one kind of row a file, with the columns the
export of that kind writes (``COLUMNS``), so that an exported file edited in a
spreadsheet comes back. ``import_plan`` reads the file and the directory and
says, row by row, what would be created, changed or left as it is, and each
bad row's problems; it writes nothing. ``import_apply`` plans the kept file
again, refuses if the plan is not the one the secretariat confirmed (its
digest), and writes every row through the floor's services (permission,
audit, versioned saves) in one transaction.

Why not django-import-export's resources: their preview is a "dry run" that
saves and rolls back (our services would audit and queue notices inside it),
they save models directly rather than through the services, and their row
errors are field validation messages where the secretariat needs the
problem named (unknown agency, e-mail on another row, bad language code).
tablib (which django-import-export itself reads files with) and openpyxl do
the reading; the rules are ours.
"""

import datetime
import hashlib
import io
import json
from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import audit_record
from core.clock import group_today
from core.permissions import require
from members.enums import AgencyKind, Role
from members.models import Agency, DirectoryImport, Organization, Person, canonical_time_zones

AGENCIES, ORGANIZATIONS, PEOPLE = "agencies", "organizations", "people"

KIND_LABELS = {
    AGENCIES: gettext_lazy("Member agencies"),
    ORGANIZATIONS: gettext_lazy("Guest organizations"),
    PEOPLE: gettext_lazy("People"),
}

# The columns of each kind, in the order the export writes them; the first is the key
# a row is matched on (case does not count). Headers are these codes in every language.
COLUMNS = {
    AGENCIES: ["acronym", "name", "kind", "website", "member_from"],
    ORGANIZATIONS: ["name", "acronym", "website", "contact_name", "contact_email"],
    PEOPLE: [
        "email",
        "full_name",
        "title",
        "phone",
        "role",
        "agency",
        "organization",
        "language",
        "time_zone",
    ],
}
REQUIRED = {
    AGENCIES: ["acronym", "name", "kind"],
    ORGANIZATIONS: ["name"],
    PEOPLE: ["email", "full_name", "role"],
}
# Roles a file may give: secretariat accounts are added one by one, on the form.
IMPORT_ROLES = (Role.FOCAL_POINT, Role.PRINCIPAL, Role.DELEGATE, Role.GUEST)
MAX_ROWS = 5000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CREATE, CHANGE, UNCHANGED, ERROR = "create", "change", "unchanged", "error"


class ImportFileError(ValidationError):
    """The file as a whole cannot be read (not a row's problem)."""


@dataclass
class Row:
    """One row of the file: what it would do, or why it cannot."""

    number: int  # as a spreadsheet numbers it: the header is row 1
    key: str
    action: str = UNCHANGED
    values: dict = field(default_factory=dict)  # what would be written
    changes: list = field(default_factory=list)  # (column, before, after)
    problems: list = field(default_factory=list)
    target: object = None  # the existing row, when there is one

    def as_plan(self) -> list:
        return [
            self.number,
            self.key,
            self.action,
            sorted(self.values.items()),
            getattr(self.target, "pk", None),
            getattr(self.target, "version", None),
        ]


@dataclass
class Plan:
    kind: str
    rows: list[Row]

    @property
    def counts(self) -> dict[str, int]:
        counts = {CREATE: 0, CHANGE: 0, UNCHANGED: 0, ERROR: 0}
        for row in self.rows:
            counts[row.action] += 1
        return counts

    @property
    def has_errors(self) -> bool:
        return any(row.action == ERROR for row in self.rows)

    @property
    def digest(self) -> str:
        """What confirming means: these rows, to these records, in these versions."""
        text = json.dumps([self.kind, [r.as_plan() for r in self.rows]], default=str)
        return hashlib.sha256(text.encode()).hexdigest()


# --- Reading the file -----------------------------------------------------------


def _text(value) -> str:
    """A cell as text; a cell the export kept from running as a formula loses its quote."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text[:1] == "'" and text[1:2] in FORMULA_START:
        text = text[1:]
    return text


def read_rows(data: bytes, *, extension: str, kind: str) -> list[tuple[int, dict]]:
    """``(row number, {column: text})`` for each row of the file that is not empty."""
    dataset = tablib.Dataset()
    try:
        if extension == "xlsx":
            dataset.load(io.BytesIO(data), format="xlsx")
        else:
            dataset.load(data.decode("utf-8-sig"), format="csv")
    except Exception as exc:  # tablib and openpyxl raise many kinds
        raise ImportFileError(_("The file could not be read as a table.")) from exc
    headers = [_text(h).lower().replace(" ", "_") for h in (dataset.headers or [])]
    missing = [c for c in REQUIRED[kind] if c not in headers]
    if missing:
        raise ImportFileError(
            _("The file has no column %(columns)s. The first row names the columns: %(all)s.")
            % {
                "columns": ", ".join(f"“{c}”" for c in missing),
                "all": ", ".join(COLUMNS[kind]),
            }
        )
    rows = []
    for index, raw in enumerate(dataset, start=2):
        cells = dict(zip(headers, (_text(v) for v in raw), strict=False))
        if any(cells.values()):
            rows.append((index, {c: cells.get(c, "") for c in COLUMNS[kind] if c in headers}))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            _("The file has %(n)s rows; import at most %(max)s at a time.")
            % {"n": len(rows), "max": MAX_ROWS}
        )
    return rows


# --- Planning ---------------------------------------------------------------------


def _choice(value: str, choices) -> str | None:
    """A choice given by its code or its English name, in any case."""
    wanted = value.strip().casefold()
    for code, label in choices:
        if wanted in (str(code).casefold(), str(label).casefold()):
            return code
    return None


def _check_url(value: str, row: Row) -> None:
    if value:
        try:
            URLValidator()(value)
        except ValidationError:
            row.problems.append(_("bad website address “%(value)s”") % {"value": value})


def _check_email(value: str, row: Row, column: str) -> None:
    if value:
        try:
            validate_email(value)
        except ValidationError:
            row.problems.append(
                _("bad e-mail address “%(value)s” in %(column)s")
                % {"value": value, "column": column}
            )


def _compare(row: Row, columns: dict) -> None:
    """Set the row's action from its problems, its values and the existing record.

    ``columns``: field name -> (value to write, the record's value, the value as shown).
    A changed row keeps only the values that change.
    """
    if row.problems:
        row.action = ERROR
        return
    if row.target is None:
        row.action = CREATE
        return
    row.changes = [
        (name, before, shown) for name, (new, before, shown) in columns.items() if new != before
    ]
    changed = {name for name, _before, _shown in row.changes}
    row.values = {name: value for name, value in row.values.items() if name in changed}
    row.action = CHANGE if row.changes else UNCHANGED


def _column_of(name: str) -> str:
    """The file's column of a field (``agency_id`` is the ``agency`` column)."""
    return name.removesuffix("_id")


def _same_columns(row: Row, names) -> dict:
    """For ``_compare``: columns written as they are shown."""
    return {
        name: (row.values[name], getattr(row.target, name, None), row.values[name])
        for name in names
        if name in row.values
    }


def _duplicate(row: Row, seen: dict, label: str) -> None:
    first = seen.setdefault(row.key.casefold(), row.number)
    if first != row.number:
        row.problems.append(
            _("%(what)s “%(value)s” is also on row %(row)s")
            % {"what": label, "value": row.key, "row": first}
        )


def _keyed_row(number: int, key: str, seen: dict, label: str, missing: str) -> Row:
    """A row matched on ``key``: missing, or also on an earlier row, is a problem."""
    row = Row(number=number, key=key)
    if not key:
        row.problems.append(missing)
    else:
        _duplicate(row, seen, label)
    return row


def _plan_agencies(rows) -> list[Row]:
    existing = {a.acronym.casefold(): a for a in Agency.objects.all()}
    seen, plan = {}, []
    for number, cells in rows:
        row = _keyed_row(number, cells.get("acronym", ""), seen, _("acronym"), _("missing acronym"))
        name = cells.get("name", "")
        if not name:
            row.problems.append(_("missing name"))
        kind = _choice(cells.get("kind", ""), AgencyKind.choices)
        if kind is None:
            row.problems.append(
                _("unknown kind “%(value)s”: use one of %(codes)s")
                % {"value": cells.get("kind", ""), "codes": ", ".join(AgencyKind.values)}
            )
        website = cells.get("website", "")
        _check_url(website, row)
        member_from = group_today()
        if cells.get("member_from"):
            try:
                member_from = datetime.date.fromisoformat(cells["member_from"])
            except ValueError:
                row.problems.append(
                    _("bad date “%(value)s”: write it as 2027-01-31")
                    % {"value": cells["member_from"]}
                )
        row.target = existing.get(row.key.casefold())
        row.values = {"name": name, "kind": kind, "website": website}
        if row.target is None:
            row.values.update(acronym=row.key, member_from=member_from)
        elif "website" not in cells:
            row.values.pop("website")
        _compare(row, _same_columns(row, ("name", "kind", "website")))
        plan.append(row)
    return plan


def _plan_organizations(rows) -> list[Row]:
    existing = {o.name.casefold(): o for o in Organization.objects.all()}
    seen, plan = {}, []
    fields = ("acronym", "website", "contact_name", "contact_email")
    for number, cells in rows:
        row = _keyed_row(number, cells.get("name", ""), seen, _("name"), _("missing name"))
        _check_url(cells.get("website", ""), row)
        _check_email(cells.get("contact_email", ""), row, "contact_email")
        row.target = existing.get(row.key.casefold())
        row.values = {c: cells[c] for c in fields if c in cells}
        if row.target is None:
            row.values["name"] = row.key
        _compare(row, _same_columns(row, fields))
        plan.append(row)
    return plan


def _plan_people(rows) -> list[Row]:
    emails = [cells.get("email", "").lower() for _n, cells in rows]
    existing = {
        p.email: p
        for p in Person.objects.filter(email__in=[e for e in emails if e]).select_related(
            "agency", "organization"
        )
    }
    agencies = {a.acronym.casefold(): a for a in Agency.objects.all()}
    organizations = {}
    for organization in Organization.objects.all():
        organizations.setdefault(organization.name.casefold(), organization)
        if organization.acronym:
            organizations.setdefault(organization.acronym.casefold(), organization)
    languages = {code.casefold(): code for code, _name in settings.LANGUAGES}
    zones = set(canonical_time_zones())
    seen, plan = {}, []
    for number, cells in rows:
        email = cells.get("email", "").lower()
        row = _keyed_row(number, email, seen, _("e-mail"), _("missing e-mail"))
        _check_email(email, row, "email")
        full_name = cells.get("full_name", "")
        if not full_name:
            row.problems.append(_("missing name"))
        role = _choice(cells.get("role", ""), [(r, Role(r).label) for r in IMPORT_ROLES])
        if role is None:
            row.problems.append(
                _("unknown role “%(value)s”: use one of %(codes)s")
                % {"value": cells.get("role", ""), "codes": ", ".join(IMPORT_ROLES)}
            )
        agency = organization = None
        if cells.get("agency"):
            agency = agencies.get(cells["agency"].casefold())
            if agency is None:
                row.problems.append(_("unknown agency “%(value)s”") % {"value": cells["agency"]})
        if cells.get("organization"):
            organization = organizations.get(cells["organization"].casefold())
            if organization is None:
                row.problems.append(
                    _("unknown organization “%(value)s”") % {"value": cells["organization"]}
                )
        if role in Role.delegation_roles() and not cells.get("agency"):
            row.problems.append(_("a focal point, principal or delegate needs an agency"))
        if role in Role.delegation_roles() and cells.get("organization"):
            row.problems.append(_("agency staff have no guest organization"))
        if role == Role.GUEST and not cells.get("organization"):
            row.problems.append(_("a guest needs a guest organization"))
        if role == Role.GUEST and cells.get("agency"):
            row.problems.append(_("a guest has no agency"))
        target = existing.get(email)
        if target is not None and target.role == Role.SECRETARIAT:
            row.problems.append(_("a secretariat account is changed on its own page"))
        language = target.language if target else "en"
        if cells.get("language"):
            language = languages.get(cells["language"].casefold().replace("_", "-"))
            if language is None:
                row.problems.append(
                    _("bad language code “%(value)s”: use one of %(codes)s")
                    % {
                        "value": cells["language"],
                        "codes": ", ".join(c for c, _n in settings.LANGUAGES),
                    }
                )
        time_zone = target.time_zone if target else "Europe/Zurich"
        if cells.get("time_zone"):
            time_zone = cells["time_zone"]
            if time_zone not in zones:
                row.problems.append(
                    _("bad time zone “%(value)s”: write it as Europe/Zurich") % {"value": time_zone}
                )
        row.target = target
        row.values = {
            "full_name": full_name,
            "role": role,
            "agency_id": agency.pk if agency else None,
            "organization_id": organization.pk if organization else None,
            "language": language,
            "time_zone": time_zone,
            **{c: cells[c] for c in ("title", "phone") if c in cells},
        }
        if target is None:
            row.values["email"] = email
        shown = {
            "full_name": (full_name, getattr(target, "full_name", None), full_name),
            "role": (role, getattr(target, "role", None), role),
            "agency_id": (
                row.values["agency_id"],
                getattr(target, "agency_id", None),
                agency.acronym if agency else "",
            ),
            "organization_id": (
                row.values["organization_id"],
                getattr(target, "organization_id", None),
                str(organization) if organization else "",
            ),
            "language": (language, getattr(target, "language", None), language),
            "time_zone": (time_zone, getattr(target, "time_zone", None), time_zone),
            **{
                c: (cells[c], getattr(target, c, None), cells[c])
                for c in ("title", "phone")
                if c in cells
            },
        }
        _compare(row, shown)
        row.changes = [
            (_column_of(c), _shown_before(target, c, before), after)
            for c, before, after in row.changes
        ]
        plan.append(row)
    return plan


def _shown_before(target, column: str, before):
    if column == "agency_id":
        return target.agency.acronym if target.agency else ""
    if column == "organization_id":
        return str(target.organization) if target.organization else ""
    return before


PLANNERS = {AGENCIES: _plan_agencies, ORGANIZATIONS: _plan_organizations, PEOPLE: _plan_people}


def import_plan(upload: DirectoryImport) -> Plan:
    """What importing ``upload`` would do, row by row; writes nothing."""
    rows = read_rows(bytes(upload.data), extension=upload.extension, kind=upload.kind)
    return Plan(kind=upload.kind, rows=PLANNERS[upload.kind](rows))


# --- Keeping the file, and applying it ------------------------------------------------


@transaction.atomic
def import_upload(*, actor, kind: str, name: str, data: bytes, sha256: str) -> DirectoryImport:
    """Keep an uploaded file until it is confirmed (nothing of it is imported yet)."""
    require(actor, "members.import_directory")
    extension = name.rsplit(".", 1)[-1].lower()
    upload = DirectoryImport.objects.create(
        kind=kind, filename=name[:200], extension=extension, data=data, sha256=sha256, by=actor
    )
    # Read once now, so that a file that is not a table is refused at the upload.
    import_plan(upload)
    return upload


class PlanChangedError(Exception):
    """The directory changed between the preview and the confirmation."""


@transaction.atomic
def import_apply(*, upload: DirectoryImport, actor, digest: str, invite: bool = False) -> dict:
    """Write what the confirmed preview showed, through the services, all or nothing.

    ``invite``: the people created are sent an invitation, by the worker, once the
    import has committed. Returns the counts.
    """
    from members import services

    require(actor, "members.import_directory")
    upload = DirectoryImport.objects.select_for_update().get(pk=upload.pk)
    if upload.applied_at is not None:
        raise ValidationError(_("This file was imported already."))
    plan = import_plan(upload)
    if plan.digest != digest:
        raise PlanChangedError
    if plan.has_errors:
        raise ValidationError(_("Correct the rows with a problem and upload the file again."))
    created_people = []
    for row in plan.rows:
        if row.action == CREATE:
            if plan.kind == AGENCIES:
                services.agency_create(actor=actor, **row.values)
            elif plan.kind == ORGANIZATIONS:
                services.organization_save(actor=actor, organization=Organization(**row.values))
            else:
                values = dict(row.values)
                person = services.person_invite(
                    actor=actor, email=values.pop("email"), invite=False, **values
                )
                created_people.append(person.pk)
        elif row.action == CHANGE:
            if plan.kind == AGENCIES:
                services.agency_update(
                    agency=row.target, actor=actor, version=row.target.version, **row.values
                )
            elif plan.kind == ORGANIZATIONS:
                for name, value in row.values.items():
                    setattr(row.target, name, value)
                services.organization_save(actor=actor, organization=row.target)
            else:
                services.person_update(
                    person=row.target, actor=actor, version=row.target.version, **row.values
                )
    counts = plan.counts
    upload.applied_at = datetime.datetime.now(tz=datetime.UTC)
    upload.data = b""  # the rows are in the directory now; the file is not kept
    upload.save(update_fields=["applied_at", "data"])
    invited = bool(invite and created_people)
    audit_record(
        actor=actor,
        action="directory.import",
        target=upload,
        kind=plan.kind,
        filename=upload.filename,
        sha256=upload.sha256,
        created=counts[CREATE],
        changed=counts[CHANGE],
        invited=len(created_people) if invited else 0,
    )
    if invited:
        from members.tasks import send_invitations

        transaction.on_commit(lambda: send_invitations.delay(created_people, actor.pk))
    return {**counts, "invited": len(created_people) if invited else 0}
