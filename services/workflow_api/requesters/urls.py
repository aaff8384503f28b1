from django.urls import path

from requesters.api.views import RequesterTicketsView

urlpatterns = [path("tasks/<int:pk>/requester-tickets/", RequesterTicketsView.as_view(), name="task-requester-tickets")]
