from django.urls import path

from authn.api.views import (
    JwksView,
    LogoutView,
    PasswordResetConfirmView,
    PasswordResetView,
    SignOutEverywhereView,
    TokenObtainView,
    TokenRefreshView,
)

urlpatterns = [
    path("token/", TokenObtainView.as_view(), name="token-obtain"),
    path("token/refresh/", TokenRefreshView.as_view(), name="token-refresh"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("logout/all/", SignOutEverywhereView.as_view(), name="logout-all"),
    path(".well-known/jwks.json", JwksView.as_view(), name="jwks"),
    path("api/v1/password-reset/", PasswordResetView.as_view(), name="password-reset"),
    path("api/v1/password-reset/confirm/", PasswordResetConfirmView.as_view(), name="password-reset-confirm"),
]
