"""The templates shipped for every known type (installed by migration 0002, never overwriting an edit).

Both channels are plain text: nothing is HTML-escaped (the console escapes
what it shows). What each template can use:

- email from ``task.send_assignment_notification``: ``ticket_number``,
  ``task_title``, ``role_name``, ``task_id``, ``user_id``, ``user_email``;
- email from ``notifications.send_email`` and ``POST /api/v1/notifications/send/``:
  the message's ``context`` as sent (auth: ``first_name``, ``code``,
  ``minutes``, ``reset_url``);
- in-app (used only where the producer left ``subject`` or ``message``
  blank): ``subject``, ``message``, ``ticket_number``, ``task_id``, and the
  keys of ``metadata`` (``step``, ``priority``, ``role``, ``target_resolution``, ...);
- always: ``frontend_url`` (the console), ``notification_type``, ``recipient``.
"""

SIGNATURE = "\n\n-- \nTicket Tracking System"
TASK_LINK = "{% if task_id %}\n\nOpen it in the console: {{ frontend_url }}/tasks/{{ task_id }}{% endif %}"
TASK_LINES = "Ticket: {{ ticket_number|default:'-' }}{% if task_title %}\nTitle:  {{ task_title }}{% endif %}"


def _email(notification_type: str, subject: str, body: str, description: str) -> dict:
    return {
        "notification_type": notification_type,
        "channel": "email",
        "subject": subject,
        "body": body + SIGNATURE,
        "description": description,
    }


def _inapp(notification_type: str, subject: str, body: str, description: str) -> dict:
    return {"notification_type": notification_type, "channel": "inapp", "subject": subject, "body": body, "description": description}


DEFAULT_TEMPLATES: list[dict] = [
    # --- email ---------------------------------------------------------------------------------
    _email(
        "task_assignment",
        "New task assigned: {{ ticket_number }}",
        "Hello,\n\nA task has been assigned to you{% if role_name %} as {{ role_name }}{% endif %}.\n\n" + TASK_LINES + TASK_LINK,
        "Mailed to the assignee of every new assignment (task.send_assignment_notification).",
    ),
    _email(
        "task_transfer",
        "Task transferred to you: {{ ticket_number }}",
        "Hello,\n\nA task has been transferred to you{% if role_name %} as {{ role_name }}{% endif %}.\n\n"
        + TASK_LINES
        + "{% if notes %}\nNotes:  {{ notes }}{% endif %}"
        + TASK_LINK,
        "A task handed to you by an administrator.",
    ),
    _email(
        "task_escalation",
        "Task escalated to you: {{ ticket_number }}",
        "Hello,\n\nA task has been escalated to you{% if role_name %} as {{ role_name }}{% endif %}.\n\n"
        + TASK_LINES
        + "{% if reason %}\nReason: {{ reason }}{% endif %}"
        + TASK_LINK,
        "A task escalated to your role (by a person or by an SLA breach).",
    ),
    _email(
        "task_completed",
        "Ticket resolved: {{ ticket_number }}",
        "Hello,\n\nTicket {{ ticket_number|default:'-' }}{% if task_title %} ({{ task_title }}){% endif %} "
        "has been completed{% if resolution %} as {{ resolution }}{% endif %}." + TASK_LINK,
        "A ticket you own reached the end of its workflow.",
    ),
    _email(
        "sla_warning",
        "SLA warning: {{ ticket_number }}",
        "Hello,\n\nTicket {{ ticket_number|default:'-' }}{% if task_title %} ({{ task_title }}){% endif %} is close to its target"
        "{% if target_resolution %}: it is due by {{ target_resolution }}{% endif %}." + TASK_LINK,
        "A task you hold has used most of its SLA window.",
    ),
    _email(
        "sla_breach",
        "SLA breached: {{ ticket_number }}",
        "Hello,\n\nTicket {{ ticket_number|default:'-' }}{% if task_title %} ({{ task_title }}){% endif %} has passed its target"
        "{% if step %} at step {{ step }}{% endif %}." + TASK_LINK,
        "A task you hold or own passed its SLA target.",
    ),
    _email(
        "comment_added",
        "New comment on {{ ticket_number }}",
        "Hello,\n\n{{ author_name|default:'Someone' }} commented on ticket {{ ticket_number|default:'-' }}:\n\n"
        "{% firstof comment message %}" + TASK_LINK,
        "A new comment on a ticket you work on.",
    ),
    _email(
        "system",
        "{{ subject|default:'A message from the Ticket Tracking System' }}",
        "Hello,\n\n{{ message }}",
        "A message from the operators or the system.",
    ),
    _email(
        "password_reset",
        "Reset your Ticket Tracking System password",
        "Hello {{ first_name|default:'there' }},\n\nSomeone (we hope you) asked to reset the password of your account. "
        "Open this link to choose a new one:\n\n{{ reset_url }}\n\nIf you did not ask for this, ignore this mail: "
        "your password stays as it is.",
        "auth: a password reset link (always sent).",
    ),
    _email(
        "otp_code",
        "Your Ticket Tracking System sign-in code",
        "Hello {{ first_name|default:'there' }},\n\nYour one-time sign-in code is {{ code }}. It works once and expires in "
        "{{ minutes|default:10 }} minutes.\n\nIf you did not try to sign in, change your password.",
        "auth: a one-time sign-in passcode (always sent).",
    ),
    _email(
        "login_alert",
        "New sign-in to your Ticket Tracking System account",
        "Hello {{ first_name|default:'there' }},\n\nYour account was just signed in to{% if when %} at {{ when }}{% endif %}"
        "{% if ip_address %} from {{ ip_address }}{% endif %}{% if user_agent %} ({{ user_agent }}){% endif %}.\n\n"
        "If this was not you, reset your password now.",
        "auth: a sign-in from a new place.",
    ),
    # --- in-app (only fills in what a producer left blank) ----------------------------------------
    _inapp(
        "task_assignment",
        "New task assigned: {{ ticket_number }}",
        "Ticket {{ ticket_number }} is waiting for you{% if step %} at step {{ step }}{% endif %}{% if role %} as {{ role }}{% endif %}.",
        "In-app: a new assignment.",
    ),
    _inapp(
        "task_transfer",
        "Task transferred to you: {{ ticket_number }}",
        "Ticket {{ ticket_number }} was transferred to you{% if step %} at step {{ step }}{% endif %}.",
        "In-app: a transfer.",
    ),
    _inapp(
        "task_escalation",
        "Task escalated to you: {{ ticket_number }}",
        "Ticket {{ ticket_number }} was escalated to you{% if step %} at step {{ step }}{% endif %}.",
        "In-app: an escalation.",
    ),
    _inapp(
        "task_completed",
        "Ticket resolved: {{ ticket_number }}",
        "Ticket {{ ticket_number }} has been completed.",
        "In-app: a ticket you own was completed.",
    ),
    _inapp(
        "sla_warning",
        "SLA warning: {{ ticket_number }}",
        "Ticket {{ ticket_number }} is due{% if target_resolution %} by {{ target_resolution }}{% else %} soon{% endif %}.",
        "In-app: close to the SLA target.",
    ),
    _inapp(
        "sla_breach",
        "SLA breached: {{ ticket_number }}",
        "Ticket {{ ticket_number }} passed its target{% if step %} at step {{ step }}{% endif %}.",
        "In-app: past the SLA target.",
    ),
    _inapp(
        "comment_added",
        "New comment on {{ ticket_number }}",
        "{{ author_name|default:'Someone' }} commented on ticket {{ ticket_number }}.",
        "In-app: a new comment.",
    ),
    _inapp(
        "system",
        "{{ subject|default:'System message' }}",
        "{{ message }}",
        "In-app: a message from the system.",
    ),
]
