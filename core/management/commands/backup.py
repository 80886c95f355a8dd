from django.core.management.base import BaseCommand

from core.backup import backup_write


class Command(BaseCommand):
    help = "Write the database rows and the uploaded and rendered files into one .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument("target", help="the archive to write, e.g. var/backups/gmg.tar.gz")

    def handle(self, *args, target, **options):
        manifest = backup_write(target)
        self.stdout.write(
            f"{target}: {sum(manifest['rows'].values())} rows, {len(manifest['files'])} files"
        )
