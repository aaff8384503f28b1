from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from audit.services import Actor
from tasks.api.serializers import (
    PRIORITY_CHOICES,
    EscalateInputSerializer,
    HoldInputSerializer,
    ResumeInputSerializer,
    TaskDetailSerializer,
    TaskListSerializer,
    TaskStatsQuerySerializer,
    TaskStatsSerializer,
    TransferCandidateQuerySerializer,
    TransferCandidateSerializer,
    TransferInputSerializer,
    TransitionInputSerializer,
)
from tasks.models import Task
from tasks.selectors import breached_filter, mine_filter, task_list_for, transfer_candidates
from tasks.services.hold import task_hold, task_resume
from tasks.services.lifecycle import task_escalate, task_transfer, task_transition
from tasks.stats import task_stats
from tts_common import filters as tts_filters
from tts_common.permissions import IsTTSAdmin

NOT_IN_PROGRESS = OpenApiResponse(description="The task is not `in_progress` (`conflict`): only a task in progress can be put on hold.")
NOT_ON_HOLD = OpenApiResponse(description="The task is not `on_hold` (`conflict`).")
NOT_THE_HOLDER = OpenApiResponse(description="Neither the current assignee nor an administrator (`permission_denied`).")
MOVED_ON = OpenApiResponse(description="The task is not where the caller thought (`conflict`): moved on, closed, or nobody can take it.")


class TaskFilter(tts_filters.FilterSet):
    priority = filters.ChoiceFilter(choices=PRIORITY_CHOICES)
    mine = filters.BooleanFilter(method="filter_mine", help_text="true: the tasks the caller holds now; false: the others.")
    breached = filters.BooleanFilter(
        method="filter_breached", help_text="true: open tasks past a target, and tasks completed late; false: the others."
    )
    search = filters.CharFilter(method="filter_search", max_length=200, help_text="Part of the ticket number or the subject.")

    class Meta:
        model = Task
        fields = ["ticket_number", "status", "priority", "workflow", "current_role"]

    def filter_mine(self, queryset, name, value):
        condition = mine_filter(Actor.from_request(self.request))
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_breached(self, queryset, name, value):
        condition = breached_filter()
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_search(self, queryset, name, value):
        return queryset.filter(ticket_number__icontains=value.strip()) | queryset.filter(subject__icontains=value.strip())


class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_class = TaskFilter
    ordering_fields = ["received_at", "target_resolution", "priority_rank", "status", "id"]
    ordering = ["-id"]

    def get_queryset(self):
        return task_list_for(Actor.from_request(self.request))

    def get_serializer_class(self):
        return TaskListSerializer if self.action == "list" else TaskDetailSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "actor": Actor.from_request(self.request)}

    def _act(self, input_serializer_class, service):
        task = self.get_object()  # 404 for a task the caller may not see
        data = input_serializer_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        service(task_id=task.pk, actor=Actor.from_request(self.request), **data.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=task.pk)).data)

    @extend_schema(parameters=[TaskStatsQuerySerializer], responses=TaskStatsSerializer)
    @action(detail=False, methods=["get"])
    def stats(self, request):
        """Dashboard figures over exactly the tasks ``GET /tasks/`` shows the caller."""
        query = TaskStatsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        stats = task_stats(tasks=self.get_queryset(), days=query.validated_data["days"], now=timezone.now())
        return Response(TaskStatsSerializer(stats).data)

    @extend_schema(request=TransitionInputSerializer, responses={200: TaskDetailSerializer, 409: MOVED_ON})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Take one of ``available_transitions``; only the current assignee; 409 when the task has moved on."""
        return self._act(TransitionInputSerializer, task_transition)

    @extend_schema(request=EscalateInputSerializer, responses={200: TaskDetailSerializer, 409: MOVED_ON})
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        """Hand the task to the step's escalation role (the current assignee or an administrator)."""
        return self._act(EscalateInputSerializer, task_escalate)

    @extend_schema(request=HoldInputSerializer, responses={200: TaskDetailSerializer, 403: NOT_THE_HOLDER, 409: NOT_IN_PROGRESS})
    @action(detail=True, methods=["post"])
    def hold(self, request, pk=None):
        """Put the task on hold (``on_hold``): its SLA clock stops; the current assignee or an administrator."""
        return self._act(HoldInputSerializer, task_hold)

    @extend_schema(request=None, responses={200: TaskDetailSerializer, 403: NOT_THE_HOLDER, 409: NOT_ON_HOLD})
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        """Take the task off hold (``in_progress``); every open target moves by the open time the hold took."""
        return self._act(ResumeInputSerializer, task_resume)

    @extend_schema(request=TransferInputSerializer, responses={200: TaskDetailSerializer, 409: MOVED_ON})
    @action(detail=True, methods=["post"], permission_classes=[IsTTSAdmin])
    def transfer(self, request, pk=None):
        """Give the task to an active member of its step's role (administrators); anyone else is a 400 naming
        ``user_id``. ``GET transfer-candidates/`` lists exactly who may take it."""
        return self._act(TransferInputSerializer, task_transfer)

    @extend_schema(
        parameters=[TransferCandidateQuerySerializer],
        responses={200: TransferCandidateSerializer(many=True), 409: OpenApiResponse(description="The task cannot be transferred now.")},
        filters=False,
    )
    @action(detail=True, methods=["get"], url_path="transfer-candidates", permission_classes=[IsTTSAdmin], filter_backends=[])
    def transfer_candidates(self, request, pk=None):
        """Who may take the task by transfer (administrators): the active members of its step's role (and of the
        escalation role working it now) but those who hold it, by name; ``?search=`` narrows by name or email.
        Paginated."""
        task = get_object_or_404(self.get_queryset(), pk=pk)  # not filter_queryset: ?search= is a person's here
        query = TransferCandidateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = self.paginate_queryset(transfer_candidates(task, search=query.validated_data["search"]))
        return self.get_paginated_response(TransferCandidateSerializer(page, many=True).data)
