from django.urls import path

from search.api import TaskSearchView

urlpatterns = [path("search/", TaskSearchView.as_view(), name="task-search")]
