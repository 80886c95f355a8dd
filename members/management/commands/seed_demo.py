"""Demo data: the GMG's real member agencies, invented people, one guest organization.

Idempotent: a second run finds everything in place and changes nothing.
Later floors add their own demo data through the ``seed_demo`` hook below.
"""

import csv
import datetime
from functools import cached_property
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction

from members.enums import Role
from members.models import Agency, Membership, Organization, Person

DATA = Path(__file__).resolve().parents[2] / "data"
DEMO_PASSWORD = "gmg-demo-2026"

# Invented names: nobody here is a real person.
GIVEN = [
    "Amina",
    "Lucas",
    "Sofia",
    "Kenji",
    "Nadia",
    "Pedro",
    "Leila",
    "Tomas",
    "Aisha",
    "Olga",
    "Rahul",
    "Chiara",
    "Samuel",
    "Mei",
    "Jonas",
    "Fatou",
    "Diego",
    "Hana",
    "Ivan",
    "Zainab",
]
FAMILY = [
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Haddad",
    "Tanaka",
    "Silva",
    "Novak",
    "Mensah",
    "Kowalski",
    "Rahman",
    "Costa",
    "Ibrahim",
    "Fischer",
    "Nguyen",
    "Alvarez",
    "Petrov",
    "Banda",
    "Sato",
]


def demo_name(index: int) -> str:
    return f"{GIVEN[index % len(GIVEN)]} {FAMILY[(index * 7) % len(FAMILY)]}"


def demo_slug(acronym: str) -> str:
    return acronym.lower().replace(" ", "").replace("-", "")


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print the demo sign-ins."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print the sign-ins.")

    @transaction.atomic
    def handle(self, *args, quiet=False, **options):
        created = self.seed_members()
        from members.signals import seed_demo

        for _receiver, count in seed_demo.send(sender=self.__class__):
            created += count or 0
        if not quiet:
            self.print_sign_ins(created)

    @cached_property
    def _password_hash(self):
        # One hash for every demo account: hashing is deliberately slow.
        return make_password(DEMO_PASSWORD)

    def _person(self, email, **fields):
        _person, created = Person.objects.get_or_create(
            email=email, defaults={**fields, "password": self._password_hash}
        )
        return created

    def seed_members(self) -> int:
        created = 0
        with (DATA / "agencies.csv").open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        for position, row in enumerate(rows, start=1):
            agency, new = Agency.objects.get_or_create(
                acronym=row["acronym"],
                defaults={"name": row["name"], "kind": row["kind"], "rotation_position": position},
            )
            created += new
            if not agency.memberships.exists():
                Membership.objects.create(
                    agency=agency, start=datetime.date.fromisoformat(row["member_from"])
                )
            slug = demo_slug(agency.acronym)
            base = position * 3
            created += self._person(
                f"fp1.{slug}@example.org",
                full_name=demo_name(base),
                role=Role.FOCAL_POINT,
                agency=agency,
                title="Migration focal point",
            )
            created += self._person(
                f"fp2.{slug}@example.org",
                full_name=demo_name(base + 1),
                role=Role.FOCAL_POINT,
                agency=agency,
                title="Policy officer",
                language="fr",
            )
            created += self._person(
                f"head.{slug}@example.org",
                full_name=demo_name(base + 2),
                role=Role.PRINCIPAL,
                agency=agency,
                title="Head of agency",
            )
        created += self._person(
            "secretariat@example.org",
            full_name="Amina Okafor",
            role=Role.SECRETARIAT,
            title="GMG Secretariat coordinator",
        )
        organization, new = Organization.objects.get_or_create(
            name="Civil Society Migration Forum",
            defaults={
                "acronym": "CSMF",
                "contact_name": "Diego Alvarez",
                "contact_email": "guest@example.org",
            },
        )
        created += new
        created += self._person(
            "guest@example.org",
            full_name="Diego Alvarez",
            role=Role.GUEST,
            organization=organization,
            title="Coordinator",
            language="es",
        )
        return created

    def print_sign_ins(self, created: int):
        self.stdout.write(self.style.SUCCESS(f"Demo data in place ({created} new rows this run)."))
        self.stdout.write(
            f"Demo sign-ins at http://127.0.0.1:8000/ (password for all: {DEMO_PASSWORD})"
        )
        for email, role in [
            ("secretariat@example.org", "secretariat"),
            ("fp1.ilo@example.org", "focal point, ILO"),
            ("fp1.iom@example.org", "focal point, IOM"),
            ("head.unhcr@example.org", "principal, UNHCR"),
            ("guest@example.org", "guest organization"),
        ]:
            self.stdout.write(f"  {email:<28} {role}")
        self.stdout.write("  (every agency has fp1.<acronym>, fp2.<acronym> and head.<acronym>)")
