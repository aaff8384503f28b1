from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from audit.services import Actor
from tts_common.permissions import IsTTSAdminOrReadOnly, IsTTSMember
from workflows.api.serializers import StepSerializer, TransitionSerializer, WorkflowSerializer
from workflows.models import Step, Transition, Workflow
from workflows.services import (
    WorkflowInUseError,
    WorkflowInvalidError,
    workflow_create,
    workflow_delete,
    workflow_deploy,
    workflow_pause,
    workflow_touched,
    workflow_update,
)


class WorkflowViewSet(viewsets.ModelViewSet):
    serializer_class = WorkflowSerializer
    permission_classes = [IsTTSMember, IsTTSAdminOrReadOnly]
    filterset_fields = ["status", "category", "sub_category", "department"]
    ordering_fields = ["name", "created_at", "updated_at"]

    def get_queryset(self):
        return Workflow.objects.select_related("current_version").prefetch_related(
            Prefetch("steps", queryset=Step.objects.order_by("order", "id")),
            Prefetch("transitions", queryset=Transition.objects.select_related("from_step", "to_step").order_by("id")),
        )

    def perform_create(self, serializer):
        serializer.instance = workflow_create(actor=Actor.from_request(self.request), **serializer.validated_data)

    def perform_destroy(self, instance):
        workflow_delete(actor=Actor.from_request(self.request), workflow=instance)

    def destroy(self, request, *args, **kwargs):
        try:
            return super().destroy(request, *args, **kwargs)
        except WorkflowInUseError as error:
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)

    def perform_update(self, serializer):
        serializer.instance = workflow_update(
            actor=Actor.from_request(self.request), workflow=serializer.instance, **serializer.validated_data
        )

    @extend_schema(request=None, responses=WorkflowSerializer)
    @action(detail=True, methods=["post"])
    def deploy(self, request, pk=None):
        workflow = self.get_object()
        try:
            workflow_deploy(actor=Actor.from_request(request), workflow=workflow)
        except WorkflowInvalidError as error:
            return Response({"detail": "The workflow cannot be deployed.", "problems": error.problems}, status=status.HTTP_400_BAD_REQUEST)
        return Response(self.get_serializer(self.get_queryset().get(pk=workflow.pk)).data)

    @extend_schema(request=None, responses=WorkflowSerializer)
    @action(detail=True, methods=["post"])
    def pause(self, request, pk=None):
        workflow = workflow_pause(actor=Actor.from_request(request), workflow=self.get_object())
        return Response(self.get_serializer(self.get_queryset().get(pk=workflow.pk)).data)


class WorkflowPartViewSet(viewsets.ModelViewSet):
    """Steps or transitions one by one; each change marks the workflow as differing from its deployed version."""

    permission_classes = [IsTTSMember, IsTTSAdminOrReadOnly]
    filterset_fields = ["workflow"]
    part = ""

    def perform_create(self, serializer):
        part = serializer.save()
        workflow_touched(actor=Actor.from_request(self.request), workflow=part.workflow, what=f"{self.part}_added", after=serializer.data)

    def perform_update(self, serializer):
        before = self.get_serializer(serializer.instance).data
        part = serializer.save()
        workflow_touched(
            actor=Actor.from_request(self.request),
            workflow=part.workflow,
            what=f"{self.part}_changed",
            before=before,
            after=serializer.data,
        )

    def perform_destroy(self, instance):
        before = self.get_serializer(instance).data
        workflow = instance.workflow
        instance.delete()
        workflow_touched(actor=Actor.from_request(self.request), workflow=workflow, what=f"{self.part}_removed", before=before)


class StepViewSet(WorkflowPartViewSet):
    queryset = Step.objects.select_related("workflow")
    serializer_class = StepSerializer
    part = "step"


class TransitionViewSet(WorkflowPartViewSet):
    queryset = Transition.objects.select_related("workflow", "from_step", "to_step")
    serializer_class = TransitionSerializer
    part = "transition"
