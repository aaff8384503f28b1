from django.core.management.base import BaseCommand

from workflows.demo import demo_engine_workflow_seed, demo_workflows_seed


class Command(BaseCommand):
    help = "Create and deploy one demo workflow per demo category and the purchase-order approval demo (idempotent)."

    def handle(self, *args, **options):
        created = demo_workflows_seed()
        if engine := demo_engine_workflow_seed():
            created.append(engine)
        self.stdout.write("deployed: " + ", ".join(created) if created else "demo workflows already present")
