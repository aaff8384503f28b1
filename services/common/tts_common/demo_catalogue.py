"""The demo help desk's catalogue, shared by the mock HDTS and the workflow seed.

ticket_mock's ``inject`` draws tickets from it and workflow_api's demo seed
deploys one workflow per category, so a fresh ``make run`` followed by
``inject`` routes every ticket. Demo data only: production workflows are
built by administrators.
"""

from typing import TypedDict


class DemoCategory(TypedDict):
    category: str
    department: str
    sub_categories: list[str]
    end_logic: str  # "", "asset", "budget" or "notification"
    finalize_role: str  # the TTS role that closes the ticket


DEMO_CATEGORIES: list[DemoCategory] = [
    {
        "category": "IT Support",
        "department": "IT Department",
        "sub_categories": ["Hardware", "Software", "Network", "Account Access"],
        "end_logic": "notification",
        "finalize_role": "Ticket Coordinator",
    },
    {
        "category": "Asset Request",
        "department": "Asset Department",
        "sub_categories": ["New Laptop", "Peripheral", "Mobile Device", "Asset Return"],
        "end_logic": "asset",
        "finalize_role": "Asset Manager",
    },
    {
        "category": "Budget Request",
        "department": "Budget Department",
        "sub_categories": ["Project Budget", "Purchase Order", "Reimbursement"],
        "end_logic": "budget",
        "finalize_role": "Budget Manager",
    },
    {
        "category": "Facilities",
        "department": "Facilities Department",
        "sub_categories": ["Maintenance", "Room Booking", "Cleaning"],
        "end_logic": "",
        "finalize_role": "Ticket Coordinator",
    },
    {
        "category": "Human Resources",
        "department": "HR Department",
        "sub_categories": ["Leave Request", "Payroll", "Onboarding"],
        "end_logic": "",
        "finalize_role": "Ticket Coordinator",
    },
]

# HDTS priorities, and the SLA bucket each one maps to.
PRIORITY_SLA_KEYS = {"Low": "low", "Medium": "medium", "High": "high", "Critical": "urgent"}

# Seconds per SLA bucket for the demo workflows.
DEMO_SLA_SECONDS = {"low": 5 * 86400, "medium": 3 * 86400, "high": 86400, "urgent": 4 * 3600}
