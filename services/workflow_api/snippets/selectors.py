from django.db.models import Q, QuerySet

from snippets.models import Snippet


def snippets_for(*, user_id: int) -> QuerySet[Snippet]:
    """The person's own snippets and every shared one."""
    return Snippet.objects.filter(Q(owner_user_id=user_id) | Q(is_shared=True))
