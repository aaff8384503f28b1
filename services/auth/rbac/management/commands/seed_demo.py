from django.core.management.base import BaseCommand

from rbac.demo import demo_seed


class Command(BaseCommand):
    help = "Create the demo systems, TTS roles, bootstrap administrator and agents (idempotent)."

    def handle(self, *args, **options):
        created = demo_seed()
        self.stdout.write("seeded: " + ", ".join(created) if created else "demo data already present")
