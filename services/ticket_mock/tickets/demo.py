"""Realistic demo tickets drawn from the shared help-desk catalogue (for ``inject``)."""

import random
from typing import Any

from faker import Faker

from tickets.models import Priority
from tts_common.demo_catalogue import DEMO_CATEGORIES, DemoCategory

PRIORITY_WEIGHTS = {Priority.LOW: 30, Priority.MEDIUM: 40, Priority.HIGH: 20, Priority.CRITICAL: 10}
REQUESTER_DEPARTMENTS = ["Finance", "Sales", "Marketing", "Operations", "Engineering", "Legal", "Customer Service", "Procurement"]

# (subject, description) templates per sub-category; {fields} come from demo_context().
TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "Hardware": [
        (
            "Laptop will not power on",
            "My {device} does not turn on since this morning, even when plugged in. I have a client call at {time}.",
        ),
        ("Monitor flickering at my desk", "The external monitor at desk {desk} flickers every few seconds. I tried another cable."),
        ("Keyboard keys not responding", "Several keys on my {device} keyboard stopped working after a system update."),
    ],
    "Software": [
        ("Cannot install {software}", "The installer for {software} fails with an access error. I need it for the {project} project."),
        ("{software} crashes on start", "{software} closes right after opening. Reinstalling did not help."),
        ("Licence expired for {software}", "{software} says my licence expired on {date}. Please renew it."),
    ],
    "Network": [
        ("VPN disconnects every few minutes", "Working from {city}, the VPN drops every 5-10 minutes, so I lose my session in {software}."),
        ("No Wi-Fi on floor {floor}", "Nobody on floor {floor} can connect to the office Wi-Fi since {time}."),
        ("Shared drive unreachable", "I cannot open the {project} shared drive; it says the network path was not found."),
    ],
    "Account Access": [
        ("Locked out of my account", "My account was locked after a password change. I cannot sign in to email or {software}."),
        ("Need access to {software}", "I joined the {project} project and need access to {software} with the same rights as my team."),
        ("MFA device replaced", "I replaced my phone and can no longer complete the sign-in verification."),
    ],
    "New Laptop": [
        ("New laptop for {first_name}", "{first_name} starts on {date} in {team} and needs a {device} with the standard image."),
        ("Laptop replacement", "My {device} is {years} years old and too slow for {software}. Requesting a replacement."),
    ],
    "Peripheral": [
        ("Docking station request", "I need a docking station and a second monitor for desk {desk}."),
        ("Headset for calls", "Requesting a noise-cancelling headset; I spend most of the day on customer calls."),
    ],
    "Mobile Device": [
        ("Company phone for on-call duty", "I join the on-call rota on {date} and need a company phone with the authenticator app."),
        ("Replacement phone, screen broken", "The screen of my company phone cracked. Requesting a replacement device."),
    ],
    "Asset Return": [
        ("Return of equipment: {first_name} leaving", "{first_name} leaves on {date}; please collect the {device} and accessories."),
        ("Return unused monitor", "I have an unused monitor at desk {desk} to return to stock."),
    ],
    "Project Budget": [
        ("Budget for {project}", "Requesting budget for the {project} project: contractors and licences for the next quarter."),
        ("Additional budget for {project}", "The {project} project needs additional funds after the scope change agreed on {date}."),
    ],
    "Purchase Order": [
        ("Purchase order for {software} licences", "Please raise a purchase order for {count} {software} licences for the {team} team."),
        ("PO for conference booth", "We need a purchase order for the booth at the {city} trade fair on {date}."),
    ],
    "Reimbursement": [
        ("Travel reimbursement {city}", "Reimbursement of travel costs for the client visit in {city} on {date}; receipts attached."),
        ("Training course reimbursement", "Reimbursement for the certification course completed on {date}."),
    ],
    "Maintenance": [
        ("Air conditioning broken on floor {floor}", "The air conditioning on floor {floor} has been off since {time}; it is very warm."),
        ("Leaking tap in kitchen {floor}", "The tap in the floor {floor} kitchen is leaking."),
    ],
    "Room Booking": [
        ("Book a room for {count} people", "Please book a meeting room for {count} people on {date} for the {project} workshop."),
        ("Training room for onboarding", "We need the training room on {date} for the new joiners of {team}."),
    ],
    "Cleaning": [
        ("Spill in meeting room {desk}", "Coffee was spilled on the carpet in meeting room {desk}."),
        ("Extra cleaning after event", "The event space needs cleaning after the {team} event on {date}."),
    ],
    "Leave Request": [
        ("Annual leave {date}", "I would like to request annual leave starting {date} for {count} days."),
        ("Parental leave", "I am requesting parental leave starting {date}; my manager has agreed."),
    ],
    "Payroll": [
        ("Payslip shows wrong overtime", "My last payslip is missing {count} hours of overtime worked in {month}."),
        ("Change of bank account", "Please update my salary bank account from next month."),
    ],
    "Onboarding": [
        ("Onboarding for {first_name}", "{first_name} joins {team} on {date}; please prepare contract, badge and accounts."),
        ("Buddy assignment for new joiner", "Please assign an onboarding buddy to {first_name}, starting {date}."),
    ],
}
DEVICES = ["ThinkPad T14", "MacBook Pro 14", "Dell Latitude 7440", "HP EliteBook 840", "Surface Laptop 5"]
SOFTWARE = ["Microsoft Teams", "Salesforce", "Jira", "SAP", "Adobe Acrobat", "Visual Studio Code", "Tableau", "Zoom"]
PROJECTS = ["Atlas", "Horizon", "Phoenix", "Orion", "Nova", "Everest"]


def demo_context(faker: Faker, rng: random.Random) -> dict[str, Any]:
    return {
        "device": rng.choice(DEVICES),
        "software": rng.choice(SOFTWARE),
        "project": rng.choice(PROJECTS),
        "team": rng.choice(REQUESTER_DEPARTMENTS),
        "first_name": faker.first_name(),
        "city": faker.city(),
        "date": faker.date_between("-30d", "+30d").isoformat(),
        "month": faker.month_name(),
        "time": faker.time("%H:%M"),
        "desk": f"{rng.randint(1, 9)}{rng.choice('ABCDEF')}{rng.randint(1, 40):02d}",
        "floor": rng.randint(1, 12),
        "count": rng.randint(2, 25),
        "years": rng.randint(3, 7),
    }


def demo_extra(entry: DemoCategory, sub_category: str, context: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    if entry["category"] == "Asset Request":
        return {
            "asset_name": context["device"] if sub_category in ("New Laptop", "Asset Return") else f"{sub_category} ({context['device']})"
        }
    if entry["category"] == "Budget Request":
        return {
            "requested_budget": round(rng.uniform(250, 75000), 2),
            "dynamic_data": {"cost_center": f"CC-{rng.randint(1000, 9999)}", "project": context["project"]},
        }
    return {}


def demo_ticket_fields(faker: Faker, rng: random.Random) -> dict[str, Any]:
    """Keyword arguments for ``ticket_create``: a plausible ticket from one of the catalogue's categories."""
    entry = rng.choice(DEMO_CATEGORIES)
    sub_category = rng.choice(entry["sub_categories"])
    context = demo_context(faker, rng)
    subject, description = rng.choice(TEMPLATES.get(sub_category, [("{project} request", "Please help with {project}.")]))
    first_name, last_name = faker.first_name(), faker.last_name()
    return {
        "subject": subject.format(**context),
        "description": description.format(**context) + "\n\n" + faker.paragraph(nb_sentences=2),
        "category": entry["category"],
        "sub_category": sub_category,
        "department": entry["department"],
        "priority": rng.choices(list(PRIORITY_WEIGHTS), weights=list(PRIORITY_WEIGHTS.values()))[0].value,
        "employee": {
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{first_name}.{last_name}@{faker.free_email_domain()}".lower().replace(" ", ""),
            "company_id": f"MA{rng.randint(10000, 99999)}",
            "department": rng.choice(REQUESTER_DEPARTMENTS),
        },
        "extra": demo_extra(entry, sub_category, context, rng),
    }
