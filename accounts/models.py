"""Accounts: the only place a person's identity lives.

Nothing outside this app (and the ``Participant.user`` link in ``ideas``) ever reads these
fields; every public surface works with participants and their pseudonyms.
"""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models

from accounts.choices import COUNTRIES, ORGANISATION_TYPES, ROLE_GROUPS


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("email_verified", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person's account, signed in by email. Organisers are staff users."""

    username = None
    email = models.EmailField("email address", unique=True)
    email_verified = models.BooleanField(default=False)
    # Volunteered profile facts: copied to each challenge participant, shown only in aggregate.
    role_group = models.CharField(max_length=20, choices=ROLE_GROUPS, blank=True)
    country = models.CharField(max_length=2, choices=COUNTRIES, blank=True)
    organisation_type = models.CharField(max_length=20, choices=ORGANISATION_TYPES, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    def __str__(self) -> str:
        return self.email


class SignInFailure(models.Model):
    """One failed sign-in, kept briefly to slow down password guessing.

    ``key`` is a hash of the email address or the client address, never the address itself.
    """

    key = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"failure {self.key[:8]} at {self.created_at:%Y-%m-%d %H:%M}"
