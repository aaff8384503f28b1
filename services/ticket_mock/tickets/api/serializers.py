import contextlib

from django.conf import settings
from django.http import QueryDict
from rest_framework import serializers
from rest_framework.fields import empty

from tickets.models import Priority, Ticket
from tickets.selectors import ticket_data, ticket_status_history
from tickets.services import RESERVED_EXTRA_KEYS
from tts_common.validation import JsonTooDeepError, parse_json, unstorable_values

UPLOAD_FIELD = "attachments"


class EmployeeSerializer(serializers.Serializer):
    """The requester. In a multipart request it comes as a JSON string."""

    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    email = serializers.EmailField()
    company_id = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    department = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")

    def get_value(self, dictionary):
        value = dictionary.get(self.field_name, empty)
        if isinstance(value, str):
            try:
                return parse_json(value)
            except ValueError:
                return value  # refused by to_internal_value, naming the field
        return super().get_value(dictionary)


class PriorityField(serializers.ChoiceField):
    """One of Low, Medium, High, Critical, in any letter case."""

    def __init__(self, **kwargs):
        super().__init__(choices=Priority.choices, **kwargs)

    def to_internal_value(self, data):
        return super().to_internal_value(Priority.canonical(data))


class TicketInputSerializer(serializers.Serializer):
    """A new ticket. Any other top-level field is kept as a free-form extra and published with it
    (at most ``TICKET_EXTRA_MAX_FIELDS``, 100, of them)."""

    subject = serializers.CharField(max_length=255)
    description = serializers.CharField()
    category = serializers.CharField(max_length=100)
    sub_category = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    department = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    priority = PriorityField()
    employee = EmployeeSerializer()
    attachments = serializers.ListField(
        child=serializers.FileField(max_length=255),
        required=False,
        default=list,
        max_length=settings.TICKET_ATTACHMENT_MAX_COUNT,
        error_messages={"max_length": f"At most {settings.TICKET_ATTACHMENT_MAX_COUNT} files."},
        help_text=f"Files (multipart only; repeat the part): at most {settings.TICKET_ATTACHMENT_MAX_COUNT}, "
        f"each at most {settings.TICKET_ATTACHMENT_MAX_BYTES} bytes.",
    )

    def validate_attachments(self, files):
        for upload in files:
            if upload.size > settings.TICKET_ATTACHMENT_MAX_BYTES:
                raise serializers.ValidationError(f"{upload.name} is larger than {settings.TICKET_ATTACHMENT_MAX_BYTES} bytes.")
        return files

    def validate(self, attrs):
        extra = self._extras()
        # A JSON body was checked by the parser; an object sent as a form field is only parsed here.
        try:
            unstorable = unstorable_values(extra)
        except JsonTooDeepError as error:
            raise serializers.ValidationError(str(error)) from None
        if unstorable:
            raise serializers.ValidationError(unstorable)
        reserved = sorted(RESERVED_EXTRA_KEYS & set(extra))
        if reserved:
            raise serializers.ValidationError(dict.fromkeys(reserved, "This field is set by the help desk; do not send it."))
        return {**attrs, "extra": extra}

    def _extras(self) -> dict:
        data = self.initial_data
        extra = {}
        for key in data:
            if key in self.fields or key.startswith("employee."):
                continue
            value = data.get(key)
            if isinstance(data, QueryDict) and isinstance(value, str) and value.lstrip()[:1] in ("{", "["):
                with contextlib.suppress(ValueError):  # else kept as the string it is
                    value = parse_json(value)  # an object sent as a form field
            extra[key] = value
        return extra


class TicketSerializer(serializers.Serializer):
    """A ticket exactly as it is published (``ticket_data``); extras appear as further top-level keys."""

    ticket_number = serializers.CharField()
    subject = serializers.CharField()
    description = serializers.CharField()
    category = serializers.CharField()
    sub_category = serializers.CharField()
    department = serializers.CharField()
    priority = serializers.ChoiceField(choices=Priority.choices)
    status = serializers.CharField(help_text="New, then whatever workflow_api reported last")
    submit_date = serializers.DateTimeField()
    employee = EmployeeSerializer()
    attachments = serializers.ListField(child=serializers.DictField(), help_text="id, file_name, file_type, file_size, file_path")

    def to_representation(self, instance: Ticket):
        return ticket_data(instance)


class StatusChangeSerializer(serializers.Serializer):
    status = serializers.CharField()
    previous_status = serializers.CharField()
    received_at = serializers.DateTimeField()


class TicketDetailSerializer(TicketSerializer):
    status_history = StatusChangeSerializer(many=True)

    def to_representation(self, instance: Ticket):
        return {**ticket_data(instance), "status_history": ticket_status_history(instance)}
