import factory
from django.utils import timezone

from tickets.models import NEW_STATUS, Priority, Ticket, TicketAttachment, TicketStatusChange


class TicketFactory(factory.django.DjangoModelFactory):
    """A ticket row as stored; tests of publishing use ``ticket_create`` instead."""

    class Meta:
        model = Ticket

    # A day no test creates tickets on, so these never meet ticket_number_next's numbers.
    ticket_number = factory.Sequence(lambda n: f"TX19990101{n:06d}")
    subject = factory.Faker("sentence", nb_words=5)
    description = factory.Faker("paragraph")
    category = "IT Support"
    sub_category = "Hardware"
    department = "IT Department"
    priority = Priority.MEDIUM
    status = NEW_STATUS
    submit_date = factory.LazyFunction(timezone.now)
    employee = factory.LazyFunction(
        lambda: {
            "first_name": "Maria",
            "last_name": "Santos",
            "email": "maria.santos@example.com",
            "company_id": "MA1",
            "department": "Finance",
        }
    )
    extra = factory.LazyFunction(dict)


class TicketAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TicketAttachment

    ticket = factory.SubFactory(TicketFactory)
    file = factory.django.FileField(filename="screenshot.png", data=b"\x89PNG fake image")
    file_name = "screenshot.png"
    file_type = "image/png"
    file_size = 15


class TicketStatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TicketStatusChange

    ticket = factory.SubFactory(TicketFactory)
    previous_status = NEW_STATUS
    status = "In Progress"
