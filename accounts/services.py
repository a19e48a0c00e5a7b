"""Account writes: sign up, verify, sign in (slowed after failures), reset, profile, erase.

Nothing here tells a caller whether an email address is registered: sign-up and reset answer
the same way either way, and the email itself tells the owner what happened.
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from accounts import personal_data
from accounts.choices import COUNTRY_KEYS, ORGANISATION_TYPE_KEYS, ROLE_GROUP_KEYS
from accounts.models import SignInFailure, User
from ideas.errors import InvalidInput, NotAllowed
from ideas.mail import send_after_commit


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    """Like the reset token, but spent once the address is verified."""

    key_salt = "groundswell.accounts.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.email}{user.email_verified}{timestamp}"


email_verification_token = EmailVerificationTokenGenerator()


class TooManyAttempts(NotAllowed):
    status_code = 429
    code = "too_many_attempts"


def _uid(user: User) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def _user_from_uid(uid: str) -> User | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uid)))
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    return User.objects.filter(pk=pk).first()


def _clean_email(raw) -> str:
    email = (raw or "").strip().lower() if isinstance(raw, str) else ""
    if not email:
        raise InvalidInput("Enter your email address.", field="email", code="required")
    if len(email) > 254:
        raise InvalidInput("Enter an email address of 254 characters or fewer.", field="email")
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput(
            "Enter an email address in the correct format, like name@example.com.",
            field="email",
        ) from None
    return email


def _check_password(password, user: User | None = None, field: str = "password") -> str:
    if not isinstance(password, str) or not password:
        raise InvalidInput("Enter a password.", field=field, code="required")
    if len(password) > 200:
        raise InvalidInput("Enter a password of 200 characters or fewer.", field=field)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise InvalidInput(" ".join(error.messages), field=field) from None
    return password


def _clean_profile(*, role_group="", country="", organisation_type="") -> dict[str, str]:
    values = {
        "role_group": role_group or "",
        "country": country or "",
        "organisation_type": organisation_type or "",
    }
    allowed = {
        "role_group": ROLE_GROUP_KEYS,
        "country": COUNTRY_KEYS,
        "organisation_type": ORGANISATION_TYPE_KEYS,
    }
    for field, value in values.items():
        if value and value not in allowed[field]:
            raise InvalidInput("Choose one of the options, or leave it blank.", field=field)
    return values


def _send(to: str, subject: str, body: str) -> None:
    send_after_commit(to=to, subject=subject, body=body)


def _link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def user_sign_up(
    *, email: str, password: str, role_group="", country="", organisation_type=""
) -> None:
    """Register an account and email a verification link.

    Returns nothing on purpose: the caller answers "check your email" whether or not the
    address was already registered; the owner of a registered address is told by email.
    """
    email = _clean_email(email)
    profile = _clean_profile(
        role_group=role_group, country=country, organisation_type=organisation_type
    )
    _check_password(password, User(email=email))
    with transaction.atomic():
        existing = User.objects.filter(email=email).first()
        if existing is not None:
            _send(
                email,
                "You already have a Groundswell account",
                "Someone (perhaps you) tried to create a Groundswell account with this email "
                "address, which already has one.\n\n"
                f"Sign in: {_link('/account/signin/')}\n"
                f"Forgotten your password? Reset it: {_link('/account/password-reset/')}\n\n"
                "If this was not you, you can ignore this email.",
            )
            return
        try:
            with transaction.atomic():
                user = User.objects.create_user(email=email, password=password, **profile)
        except IntegrityError:  # a parallel sign-up with the same address won the race
            return
        email_verification_send(user=user)


def email_verification_send(*, user: User) -> None:
    token = email_verification_token.make_token(user)
    _send(
        user.email,
        "Confirm your email address for Groundswell",
        "Thank you for joining Groundswell.\n\n"
        f"Confirm your email address: {_link(f'/account/verify/{_uid(user)}/{token}/')}\n\n"
        "The link works for 3 days. If you did not sign up, ignore this email.",
    )


def email_verify(*, uid: str, token: str) -> User:
    """Mark the address verified if the link is genuine and fresh."""
    user = _user_from_uid(uid)
    if user is None or not isinstance(token, str):
        raise InvalidInput("This link is not valid. Sign in to get a new one.", code="bad_link")
    if user.email_verified:
        return user
    if not email_verification_token.check_token(user, token):
        raise InvalidInput(
            "This link has expired or is not valid. Sign in to get a new one.", code="bad_link"
        )
    user.email_verified = True
    user.save(update_fields=["email_verified"])
    return user


def _failure_key(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def sign_in(*, email, password, client_address: str = "", request=None) -> User:
    """Check the credentials, slowing down repeated failures.

    After ``SIGNIN_FAILURE_LIMIT`` failures for one address (or from one client) within
    ``SIGNIN_FAILURE_WINDOW_SECONDS``, every attempt is refused until the window passes,
    whether or not the account exists, so the answer reveals nothing.
    """
    email_value = (email or "").strip().lower() if isinstance(email, str) else ""
    if not email_value or not isinstance(password, str) or not password:
        raise InvalidInput("Enter your email address and password.", code="required")
    keys = [_failure_key("email", email_value)]
    if client_address:
        keys.append(_failure_key("client", client_address))
    window_start = timezone.now() - timedelta(seconds=settings.SIGNIN_FAILURE_WINDOW_SECONDS)
    SignInFailure.objects.filter(created_at__lt=window_start).delete()
    for key in keys:
        if (
            SignInFailure.objects.filter(key=key, created_at__gte=window_start).count()
            >= settings.SIGNIN_FAILURE_LIMIT
        ):
            minutes = settings.SIGNIN_FAILURE_WINDOW_SECONDS // 60
            raise TooManyAttempts(
                f"Too many attempts to sign in. Wait {minutes} minutes, or reset your password."
            )
    user = authenticate(request, email=email_value, password=password)
    if user is None:
        SignInFailure.objects.bulk_create([SignInFailure(key=key) for key in keys])
        raise InvalidInput("The email address or password is not right.", code="bad_credentials")
    SignInFailure.objects.filter(key=keys[0]).delete()
    if not user.email_verified:
        with transaction.atomic():
            email_verification_send(user=user)
        raise NotAllowed(
            "Confirm your email address first. We have sent you a new link.",
            code="not_verified",
        )
    return user


def password_reset_request(*, email) -> None:
    """Email a reset link if the address is registered; say nothing either way."""
    try:
        email = _clean_email(email)
    except InvalidInput:
        raise
    user = User.objects.filter(email=email, is_active=True).first()
    if user is None:
        return
    token = default_token_generator.make_token(user)
    with transaction.atomic():
        _send(
            user.email,
            "Reset your Groundswell password",
            f"Choose a new password: {_link(f'/account/password-reset/{_uid(user)}/{token}/')}"
            "\n\nThe link works for 24 hours. If you did not ask for this, ignore this email.",
        )


def password_reset_confirm(*, uid: str, token: str, password: str) -> User:
    user = _user_from_uid(uid)
    if user is None or not default_token_generator.check_token(user, token):
        raise InvalidInput(
            "This reset link has expired or has already been used. Ask for a new one.",
            code="bad_link",
        )
    _check_password(password, user)
    user.set_password(password)
    # Following the emailed link proves the address, so it counts as verification too.
    user.email_verified = True
    user.save(update_fields=["password", "email_verified"])
    SignInFailure.objects.filter(key=_failure_key("email", user.email)).delete()
    return user


def password_change(*, user: User, current_password: str, new_password: str) -> User:
    if not user.check_password(current_password or ""):
        raise InvalidInput("Your current password is not right.", field="current_password")
    _check_password(new_password, user, field="new_password")
    user.set_password(new_password)
    user.save(update_fields=["password"])
    return user


def profile_update(*, user: User, role_group="", country="", organisation_type="") -> User:
    """Update volunteered profile facts, and the copies held by the person's participants."""
    profile = _clean_profile(
        role_group=role_group, country=country, organisation_type=organisation_type
    )
    with transaction.atomic():
        for field, value in profile.items():
            setattr(user, field, value)
        user.save(update_fields=list(profile))
        user.participations.update(**profile)
    return user


def account_erase(*, user: User, password: str) -> None:
    """Delete the account, whatever roles it held. Contributions stay, detached, under their
    pseudonyms; the participant records lose the link to the account and the volunteered
    profile facts. Staff records (moderation decisions, panel scores, curation steps) stay
    under the label the person had ("Moderator 2"), with no link to them; each app clears
    what must not outlive the account first (``accounts.personal_data``).
    """
    if not isinstance(password, str) or not user.check_password(password):
        raise InvalidInput("Your password is not right.", field="password")
    with transaction.atomic():
        for part in personal_data.parts():
            if part.erase is not None:
                part.erase(user)
        user.participations.update(user=None, role_group="", country="", organisation_type="")
        SignInFailure.objects.filter(key=_failure_key("email", user.email)).delete()
        user.delete()
