"""Sizes every service agrees on, so that whatever auth accepts fits every copy downstream.

auth owns the person: ``first_name`` and ``last_name`` up to
:data:`PERSON_NAME_MAX_LENGTH` characters each, an email up to
:data:`EMAIL_MAX_LENGTH`. A full name is ``first + " " + last``
(:data:`FULL_NAME_MAX_LENGTH`); the role replica (workflow_api), assignment
rows and comment authors (messaging) store it whole. Role names and system
slugs have the same limits in auth and in the replica.
"""

PERSON_NAME_MAX_LENGTH = 150
EMAIL_MAX_LENGTH = 254  # RFC 5321's path limit, Django's EmailField default
FULL_NAME_MAX_LENGTH = 2 * PERSON_NAME_MAX_LENGTH + 1
ROLE_NAME_MAX_LENGTH = 100
SYSTEM_SLUG_MAX_LENGTH = 20
TICKET_NUMBER_MAX_LENGTH = 64

# A duration typed by a person (an SLA) beyond this is a mistake, and it keeps
# date arithmetic far from datetime's year 9999.
MAX_DURATION_SECONDS = 10 * 365 * 24 * 3600

# The longest query string (bytes, as sent: percent-encoded) a service reads; a longer one is the 414 problem
# (tts_common.middleware). gunicorn's own request-line limit (tts_common.gunicorn: 8190, its maximum) is above it,
# so every URL up to that length gets the problem body rather than gunicorn's plain-HTML 414.
MAX_QUERY_STRING_BYTES = 4096
