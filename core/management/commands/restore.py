from django.core.management.base import BaseCommand, CommandError

from core.backup import RestoreError, backup_restore


class Command(BaseCommand):
    help = "Load a backup into an empty, migrated database and put its files back; verified."

    def add_arguments(self, parser):
        parser.add_argument("source", help="an archive written by manage.py backup")

    def handle(self, *args, source, **options):
        try:
            manifest = backup_restore(source)
        except RestoreError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored {sum(manifest['rows'].values())} rows and {len(manifest['files'])} files;"
            " every count and checksum matches."
        )
