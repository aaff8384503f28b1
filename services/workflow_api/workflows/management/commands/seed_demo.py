from django.core.management.base import BaseCommand

from workflows.demo import demo_workflows_seed


class Command(BaseCommand):
    help = "Create and deploy one demo workflow per demo category (idempotent)."

    def handle(self, *args, **options):
        created = demo_workflows_seed()
        self.stdout.write("deployed: " + ", ".join(created) if created else "demo workflows already present")
