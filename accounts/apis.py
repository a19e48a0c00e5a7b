"""REST API for accounts: sign up, verify, sign in and out, tokens, reset, profile, data.

Answers never reveal whether an email address is registered.
"""

from django.contrib.auth import login, logout
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.choices import COUNTRIES, ORGANISATION_TYPES, ROLE_GROUPS

CHECK_EMAIL = (
    "If that address can be used, we have sent it an email. Follow the link in it to continue."
)


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


class MessageOut(serializers.Serializer):
    detail = serializers.CharField()


class ProfileFields(serializers.Serializer):
    role_group = serializers.ChoiceField(choices=ROLE_GROUPS, required=False, allow_blank=True)
    country = serializers.ChoiceField(choices=COUNTRIES, required=False, allow_blank=True)
    organisation_type = serializers.ChoiceField(
        choices=ORGANISATION_TYPES, required=False, allow_blank=True
    )


class AuthThrottled(APIView):
    permission_classes = [permissions.AllowAny]
    throttle_scope = "auth"


class SignUpApi(AuthThrottled):
    class SignUpIn(ProfileFields):
        email = serializers.CharField(max_length=254)
        password = serializers.CharField(max_length=200, trim_whitespace=False)

    @extend_schema(request=SignUpIn, responses={202: MessageOut}, operation_id="auth_signup")
    def post(self, request):
        payload = self.SignUpIn(data=request.data)
        payload.is_valid(raise_exception=True)
        services.user_sign_up(**payload.validated_data)
        return Response({"detail": CHECK_EMAIL}, status=status.HTTP_202_ACCEPTED)


class VerifyEmailApi(AuthThrottled):
    class VerifyEmailIn(serializers.Serializer):
        uid = serializers.CharField(max_length=64)
        token = serializers.CharField(max_length=128)

    @extend_schema(request=VerifyEmailIn, responses=MessageOut, operation_id="auth_verify")
    def post(self, request):
        payload = self.VerifyEmailIn(data=request.data)
        payload.is_valid(raise_exception=True)
        services.email_verify(**payload.validated_data)
        return Response({"detail": "Your email address is confirmed. You can now sign in."})


class Credentials(serializers.Serializer):
    email = serializers.CharField(max_length=254)
    password = serializers.CharField(max_length=200, trim_whitespace=False)


class SignInApi(AuthThrottled):
    @extend_schema(request=Credentials, responses=MessageOut, operation_id="auth_signin")
    def post(self, request):
        payload = Credentials(data=request.data)
        payload.is_valid(raise_exception=True)
        user = services.sign_in(
            **payload.validated_data, client_address=client_address(request), request=request
        )
        login(request, user)
        return Response({"detail": "Signed in."})


class SignOutApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(request=None, responses=MessageOut, operation_id="auth_signout")
    def post(self, request):
        logout(request)
        return Response({"detail": "Signed out."})


class TokenApi(AuthThrottled):
    @extend_schema(
        request=Credentials,
        responses=inline_serializer("TokenOut", {"token": serializers.CharField()}),
        operation_id="auth_token",
    )
    def post(self, request):
        """Exchange email and password for a token; send it as ``Authorization: Token …``."""
        payload = Credentials(data=request.data)
        payload.is_valid(raise_exception=True)
        user = services.sign_in(**payload.validated_data, client_address=client_address(request))
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class PasswordResetApi(AuthThrottled):
    class PasswordResetIn(serializers.Serializer):
        email = serializers.CharField(max_length=254)

    @extend_schema(
        request=PasswordResetIn, responses={202: MessageOut}, operation_id="auth_password_reset"
    )
    def post(self, request):
        payload = self.PasswordResetIn(data=request.data)
        payload.is_valid(raise_exception=True)
        services.password_reset_request(**payload.validated_data)
        return Response({"detail": CHECK_EMAIL}, status=status.HTTP_202_ACCEPTED)


class PasswordResetConfirmApi(AuthThrottled):
    class PasswordResetConfirmIn(serializers.Serializer):
        uid = serializers.CharField(max_length=64)
        token = serializers.CharField(max_length=128)
        password = serializers.CharField(max_length=200, trim_whitespace=False)

    @extend_schema(
        request=PasswordResetConfirmIn,
        responses=MessageOut,
        operation_id="auth_password_reset_confirm",
    )
    def post(self, request):
        payload = self.PasswordResetConfirmIn(data=request.data)
        payload.is_valid(raise_exception=True)
        services.password_reset_confirm(**payload.validated_data)
        return Response({"detail": "Your password has been changed. You can now sign in."})


class DeleteWithBodySchema(AutoSchema):
    """Documents a DELETE's request body, which drf-spectacular leaves out (OpenAPI 3.0 gives
    it no defined meaning): erasing an account takes the password in the body.
    """

    def _get_request_body(self, direction="request"):
        if self.method != "DELETE":
            return super()._get_request_body(direction)
        self.method = "POST"
        try:
            return super()._get_request_body(direction)
        finally:
            self.method = "DELETE"


class MeApi(APIView):
    """The signed-in person's own account. Only they ever see their email address."""

    permission_classes = [permissions.IsAuthenticated]
    schema = DeleteWithBodySchema()

    class MeOut(ProfileFields):
        email = serializers.EmailField()
        email_verified = serializers.BooleanField()

    class AccountEraseIn(serializers.Serializer):
        password = serializers.CharField(max_length=200, trim_whitespace=False)

    @extend_schema(responses=MeOut, operation_id="me_retrieve")
    def get(self, request):
        return Response(self.MeOut(request.user).data)

    @extend_schema(request=ProfileFields, responses=MeOut, operation_id="me_profile")
    def patch(self, request):
        payload = ProfileFields(data=request.data)
        payload.is_valid(raise_exception=True)
        current = {
            "role_group": request.user.role_group,
            "country": request.user.country,
            "organisation_type": request.user.organisation_type,
        }
        user = services.profile_update(user=request.user, **(current | payload.validated_data))
        return Response(self.MeOut(user).data)

    @extend_schema(request=AccountEraseIn, responses={204: None}, operation_id="me_erase")
    def delete(self, request):
        """Erase the account. Contributions stay under their pseudonyms, detached from you."""
        payload = self.AccountEraseIn(data=request.data)
        payload.is_valid(raise_exception=True)
        services.account_erase(user=request.user, password=payload.validated_data["password"])
        logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MyDataApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: dict}, operation_id="me_data")
    def get(self, request):
        """Everything Groundswell holds about you, as JSON."""
        response = Response(selectors.personal_data_export(user=request.user))
        response["Content-Disposition"] = 'attachment; filename="groundswell-my-data.json"'
        return response
