from django.core.management.base import BaseCommand

from rbac.services import tts_resync_all


class Command(BaseCommand):
    help = "Publish every TTS role and assignment again, so workflow_api can rebuild its replica."

    def handle(self, *args, **options):
        self.stdout.write(f"queued {tts_resync_all()} sync message(s)")
