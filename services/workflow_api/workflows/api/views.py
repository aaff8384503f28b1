from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from audit.services import Actor
from tts_common.permissions import IsTTSAdminOrReadOnly, IsTTSMember
from workflows.api.serializers import StepSerializer, TransitionSerializer, WorkflowSerializer, WorkflowWriteSerializer
from workflows.models import Step, Transition, Workflow
from workflows.services import (
    workflow_create,
    workflow_delete,
    workflow_deploy,
    workflow_pause,
    workflow_touched,
    workflow_update,
)

WRITES = ("create", "update", "partial_update")


@extend_schema_view(
    create=extend_schema(request=WorkflowWriteSerializer, responses={201: WorkflowSerializer}),
    update=extend_schema(request=WorkflowWriteSerializer, responses=WorkflowSerializer),
    partial_update=extend_schema(request=WorkflowWriteSerializer, responses=WorkflowSerializer),
    destroy=extend_schema(
        responses={204: None, 409: OpenApiResponse(description="Tasks ran on the workflow (`workflow_in_use`): pause it instead.")}
    ),
)
class WorkflowViewSet(viewsets.ModelViewSet):
    """Workflows: written with nested steps and transitions named by step name, read with ids
    (:mod:`workflows.api.serializers`)."""

    permission_classes = [IsTTSMember, IsTTSAdminOrReadOnly]
    filterset_fields = ["status", "category", "sub_category", "department"]
    ordering_fields = ["name", "created_at", "updated_at"]

    def get_serializer_class(self):
        return WorkflowWriteSerializer if self.action in WRITES else WorkflowSerializer

    def get_queryset(self):
        return Workflow.objects.select_related("current_version").prefetch_related(
            Prefetch("steps", queryset=Step.objects.order_by("order", "id")),
            Prefetch("transitions", queryset=Transition.objects.select_related("from_step", "to_step").order_by("id")),
        )

    def perform_create(self, serializer):
        serializer.instance = workflow_create(actor=Actor.from_request(self.request), **serializer.validated_data)

    def perform_destroy(self, instance):
        workflow_delete(actor=Actor.from_request(self.request), workflow=instance)

    def perform_update(self, serializer):
        serializer.instance = workflow_update(
            actor=Actor.from_request(self.request), workflow=serializer.instance, **serializer.validated_data
        )

    @extend_schema(
        request=None,
        responses={
            200: WorkflowSerializer,
            400: OpenApiResponse(description="The definition cannot be deployed (`workflow_invalid`): `problems` lists why."),
        },
    )
    @action(detail=True, methods=["post"])
    def deploy(self, request, pk=None):
        """Freeze the current definition into a new version; a 400 ``workflow_invalid`` lists ``problems``."""
        workflow = self.get_object()
        workflow_deploy(actor=Actor.from_request(request), workflow=workflow)
        return Response(self.get_serializer(self.get_queryset().get(pk=workflow.pk)).data)

    @extend_schema(request=None, responses=WorkflowSerializer)
    @action(detail=True, methods=["post"])
    def pause(self, request, pk=None):
        """Stop matching new tickets; tasks in flight go on."""
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
    ordering_fields = ["id", "workflow", "order", "name"]
    serializer_class = StepSerializer
    part = "step"


class TransitionViewSet(WorkflowPartViewSet):
    queryset = Transition.objects.select_related("workflow", "from_step", "to_step")
    ordering_fields = ["id", "workflow", "name"]
    serializer_class = TransitionSerializer
    part = "transition"
