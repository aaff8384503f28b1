from django.urls import path

from search.api import CommentSearchView

urlpatterns = [path("search/", CommentSearchView.as_view(), name="comment-search")]
