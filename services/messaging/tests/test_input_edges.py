"""Input at messaging's edges: what used to be a 500, and arbitrary input (hypothesis).

The real pass runs these on PostgreSQL, where a NUL and a 301-character author
name used to fail.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from comments.models import Comment
from tests.factories import TICKET, CommentFactory
from tts_common.limits import FULL_NAME_MAX_LENGTH, PERSON_NAME_MAX_LENGTH
from tts_common.testing import access_token_for
from tts_common.testing_inputs import Listing, Write, check_lists, check_writes

pytestmark = pytest.mark.django_db
NUL_REFUSED = ["Null characters are not allowed."]


@pytest.fixture(autouse=True)
def _no_pushes(broadcasts):
    """Pushes are recorded, not sent (no channel layer in these tests)."""


def test_a_person_with_the_longest_names_auth_accepts_can_comment():
    full_name = "F" * PERSON_NAME_MAX_LENGTH + " " + "L" * PERSON_NAME_MAX_LENGTH
    assert len(full_name) == FULL_NAME_MAX_LENGTH
    client = APIClient()
    token = access_token_for(user_id=88, email="long@example.com", full_name=full_name, roles=[{"system": "tts", "role": "Agent"}])
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    response = client.post("/api/v1/comments/", {"ticket_id": TICKET, "content": "Hello"}, format="json")

    assert response.status_code == 201
    assert Comment.objects.get().author_name == full_name


def test_a_nul_in_the_ticket_id_query_parameter_is_a_400_naming_it(callers):
    response = callers["author"].get("/api/v1/comments/", {"ticket_id": "TX\x001"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"ticket_id": NUL_REFUSED}


def test_a_nul_in_a_comment_is_a_400_naming_it(callers):
    response = callers["author"].post("/api/v1/comments/", {"ticket_id": TICKET, "content": "a\x00b"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"content": NUL_REFUSED}


def test_a_parent_beyond_bigint_is_a_400(callers):
    response = callers["author"].post("/api/v1/comments/", {"ticket_id": TICKET, "content": "hi", "parent": 2**64}, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["parent"]


def test_arbitrary_input_never_makes_a_500(callers):
    comment = CommentFactory()
    author = callers["author"]
    check_writes(
        author,
        [
            Write("POST", "/api/v1/comments/", {"ticket_id": TICKET, "content": "Hello", "parent": comment.id}),
            Write("PATCH", f"/api/v1/comments/{comment.id}/", {"content": "Edited"}),
            Write("POST", f"/api/v1/comments/{comment.id}/rate/", {"rating": True}),
        ],
    )
    check_lists(author, [Listing("/api/v1/comments/", ["ticket_id"])])


TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=10)
JSON_SCALARS = st.none() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | TEXT
NOT_A_BOOLEAN = st.recursive(
    JSON_SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3), max_leaves=5
)
FORM_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=10).filter(
    lambda text: text.lower() not in ("true", "false")
)


def test_a_rating_is_a_boolean_and_nothing_else(callers):
    """Issue 12: a rating that is not true or false (JSON), or "true"/"false" (a form), is a 400 naming rating, never a rating."""
    comment = CommentFactory()
    url = f"/api/v1/comments/{comment.pk}/rate/"

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(value=NOT_A_BOOLEAN.filter(lambda value: value is not None))  # null takes a rating back
    def json_rating(value):
        response = callers["author"].post(url, {"rating": value}, format="json")
        assert response.status_code == 400 and list(response.json()["errors"]) == ["rating"], (value, response.json())

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(text=FORM_TEXT)
    def form_rating(text):
        response = callers["author"].post(url, {"rating": text}, format="multipart")
        assert response.status_code == 400 and list(response.json()["errors"]) == ["rating"], (text, response.json())

    json_rating()
    form_rating()
    comment.refresh_from_db()
    assert (comment.thumbs_up, comment.thumbs_down) == (0, 0)
