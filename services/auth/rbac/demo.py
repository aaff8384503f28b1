"""The demo data of ``make run``: systems, TTS roles, the administrator, a few agents."""

from django.conf import settings
from django.db import transaction

from rbac.models import TTS, Role, System
from rbac.services import user_system_role_assign
from tts_common.env import env_str
from users.models import User

SYSTEMS = {
    "tts": "Ticket Tracking System",
    "hdts": "Help Desk & Ticketing System",
    "ams": "Asset Management System",
    "bms": "Budget Management System",
}
TTS_ROLES = {
    "Admin": "Administers workflows, users and roles.",
    "Agent": "Works the tasks assigned to them.",
    "Ticket Coordinator": "Owns tickets from intake to resolution.",
    "Asset Manager": "Approves asset requests.",
    "Budget Manager": "Approves budget requests.",
}
DEMO_PEOPLE = [
    ("agent1@tts.local", "Alex", "Agent", "Agent"),
    ("agent2@tts.local", "Blair", "Agent", "Agent"),
    ("agent3@tts.local", "Casey", "Agent", "Agent"),
    ("coordinator@tts.local", "Dana", "Coordinator", "Ticket Coordinator"),
    ("assets@tts.local", "Eli", "Assets", "Asset Manager"),
    ("budget@tts.local", "Fran", "Budget", "Budget Manager"),
]
DEFAULT_ADMIN_EMAIL = "admin@tts.local"
DEFAULT_ADMIN_PASSWORD = "TtsAdmin!2025"  # documented in README; change it outside development
DEFAULT_DEMO_PASSWORD = "TtsDemo!2025"


def _person(email: str, password: str, **fields) -> tuple[User, bool]:
    user = User.objects.filter(email__iexact=email).first()
    if user:
        return user, False
    return User.objects.create_user(email, password, **fields), True


@transaction.atomic
def demo_seed() -> list[str]:
    """Create what is missing; never overwrites a password or an edited name."""
    report: list[str] = []
    systems = {}
    for slug, name in SYSTEMS.items():
        systems[slug], created = System.objects.get_or_create(slug=slug, defaults={"name": name})
        if created:
            report.append(f"system {slug}")
    roles = {}
    for name, description in TTS_ROLES.items():
        roles[name], created = Role.objects.get_or_create(system=systems[TTS], name=name, defaults={"description": description})
        if created:
            report.append(f"role tts:{name}")

    admin_email = env_str("TTS_ADMIN_EMAIL", DEFAULT_ADMIN_EMAIL)
    admin, created = _person(
        admin_email,
        env_str("TTS_ADMIN_PASSWORD", DEFAULT_ADMIN_PASSWORD),
        first_name="TTS",
        last_name="Administrator",
        is_staff=True,
        is_superuser=True,
    )
    if created:
        report.append(f"administrator {admin_email}")
    user_system_role_assign(user=admin, system=systems[TTS], role=roles["Admin"])

    if getattr(settings, "DEMO_PEOPLE_ENABLED", True):
        password = env_str("TTS_DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)
        for email, first, last, role in DEMO_PEOPLE:
            person, created = _person(email, password, first_name=first, last_name=last)
            if created:
                report.append(f"{role} {email}")
            user_system_role_assign(user=person, system=systems[TTS], role=roles[role])
    return report
