from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from audit.services import Actor
from tts_common import filters as tts_filters
from tts_common.permissions import IsTTSAdmin
from tts_common.schema import problem_response
from webhooks.api.serializers import DeliverySerializer, SubscriptionCreatedSerializer, SubscriptionSerializer, SubscriptionWriteSerializer
from webhooks.models import Delivery, Subscription
from webhooks.services import delivery_redeliver, subscription_create, subscription_update


@extend_schema_view(
    create=extend_schema(request=SubscriptionWriteSerializer, responses={201: SubscriptionCreatedSerializer}),
    update=extend_schema(request=SubscriptionWriteSerializer, responses=SubscriptionSerializer),
    partial_update=extend_schema(request=SubscriptionWriteSerializer, responses=SubscriptionSerializer),
)
class SubscriptionViewSet(viewsets.ModelViewSet):
    """Outbound webhooks (docs/api.md, "Webhooks"): administrators only."""

    queryset = Subscription.objects.all()
    serializer_class = SubscriptionSerializer
    permission_classes = [IsTTSAdmin]
    ordering_fields = ["id", "created_at"]

    def create(self, request, *args, **kwargs):
        data = self._validated(request, partial=False)
        created = subscription_create(actor=Actor.from_request(request), **data)
        body = SubscriptionCreatedSerializer(created.subscription).data | {"secret": created.secret}
        return Response(body, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        with transaction.atomic():
            subscription = self.get_queryset().select_for_update().get(pk=self.get_object().pk)
            subscription = subscription_update(subscription=subscription, **self._validated(request, partial=partial))
        return Response(SubscriptionSerializer(subscription).data)

    def _validated(self, request, *, partial: bool) -> dict:
        serializer = SubscriptionWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


class DeliveryFilter(tts_filters.FilterSet):
    class Meta:
        model = Delivery
        fields = ["subscription", "status", "event_type", "event_id"]


class DeliveryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The delivery log, newest first, for administrators; ``redeliver`` sends one again."""

    queryset = Delivery.objects.select_related("subscription")
    serializer_class = DeliverySerializer
    permission_classes = [IsTTSAdmin]
    filterset_class = DeliveryFilter
    ordering_fields = ["id", "created_at", "next_attempt_at"]

    @extend_schema(
        request=None,
        responses={201: DeliverySerializer, 409: problem_response("The webhook is switched off.")},
    )
    @action(detail=True, methods=["post"])
    def redeliver(self, request, pk=None):
        again = delivery_redeliver(delivery=self.get_object())
        return Response(DeliverySerializer(again).data, status=status.HTTP_201_CREATED)
