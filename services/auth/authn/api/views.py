import hashlib

from django.conf import settings
from django.db import transaction
from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiResponse, extend_schema
from jwt.algorithms import RSAAlgorithm
from rest_framework import status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from authn.api.serializers import (
    AcceptedSerializer,
    JwkSetSerializer,
    PasswordResetConfirmSerializer,
    PasswordResetSerializer,
    RefreshSerializer,
    SignInSerializer,
    TokenPairSerializer,
)
from authn.services import (
    password_reset_confirm,
    password_reset_request,
    sign_in,
    tokens_revoke,
    tokens_rotate,
)
from tts_common.throttling import ScopedRateThrottle
from users.models import User
from users.services import user_sign_out_everywhere


class PublicView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]


# Failed sign-ins must be recorded even though the answer is an error, so
# this view is not wrapped in the request transaction (which DRF rolls back
# on errors).
@method_decorator(transaction.non_atomic_requests, name="dispatch")
class TokenObtainView(PublicView):
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(
        request=SignInSerializer,
        responses={
            200: TokenPairSerializer,
            401: OpenApiResponse(description="bad credentials, or code otp_required / otp_invalid"),
            429: OpenApiResponse(description="rate-limited or locked out"),
        },
    )
    def post(self, request):
        serializer = SignInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(sign_in(request=request._request, **serializer.validated_data))


# A refused rotation keeps what it did (a reused token's family stays revoked, the spent token
# stays spent): tokens_rotate commits its own transaction and the error must not roll it back.
@method_decorator(transaction.non_atomic_requests, name="dispatch")
class TokenRefreshView(PublicView):
    @extend_schema(
        request=RefreshSerializer,
        responses={
            200: TokenPairSerializer,
            401: OpenApiResponse(
                description="refresh token invalid, expired, spent or revoked; code token_reused when a spent token came back"
            ),
        },
    )
    def post(self, request):
        serializer = RefreshSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(tokens_rotate(refresh=serializer.validated_data["refresh"]))


class LogoutView(PublicView):
    @extend_schema(
        request=RefreshSerializer, responses={205: None, 400: OpenApiResponse(description="refresh token invalid or already spent")}
    )
    def post(self, request):
        serializer = RefreshSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        tokens_revoke(refresh=serializer.validated_data["refresh"])
        return Response(status=status.HTTP_205_RESET_CONTENT)


class SignOutEverywhereView(APIView):
    """Every refresh token the caller holds dies, in every browser; access tokens live out their 15 minutes."""

    @extend_schema(request=None, responses={205: None, 401: OpenApiResponse(description="no valid access token")})
    def post(self, request):
        user = User.objects.filter(pk=request.user.id).first()
        if user is None:
            raise NotAuthenticated("This account no longer exists.")
        user_sign_out_everywhere(user=user)
        return Response(status=status.HTTP_205_RESET_CONTENT)


class PasswordResetView(PublicView):
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "password_reset"

    @extend_schema(request=PasswordResetSerializer, responses={202: AcceptedSerializer})
    def post(self, request):
        serializer = PasswordResetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        password_reset_request(email=serializer.validated_data["email"])
        return Response({"detail": "If the account exists, a reset link is on its way."}, status=status.HTTP_202_ACCEPTED)


class PasswordResetConfirmView(PublicView):
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "password_reset"

    @extend_schema(request=PasswordResetConfirmSerializer, responses={204: None})
    def post(self, request):
        serializer = PasswordResetConfirmSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        password_reset_confirm(**serializer.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


def public_jwk() -> dict:
    public_pem = settings.SIMPLE_JWT["VERIFYING_KEY"]
    jwk = RSAAlgorithm.to_jwk(RSAAlgorithm(RSAAlgorithm.SHA256).prepare_key(public_pem), as_dict=True)
    kid = hashlib.sha256(public_pem.encode()).hexdigest()[:16]
    return {**jwk, "use": "sig", "alg": "RS256", "kid": kid}


class JwksView(PublicView):
    @extend_schema(responses={200: OpenApiResponse(JwkSetSerializer, description="the RS256 public key as a JWK set")})
    def get(self, request):
        return Response({"keys": [public_jwk()]})
