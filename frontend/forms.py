"""Page forms: they check the shape of what was posted; services decide the rest.

A service's refusal is added back onto the form (``add_service_error``) so the person's text
comes back with the reason beside the field at fault.
"""

from django import forms

from accounts.choices import COUNTRIES, ORGANISATION_TYPES, ROLE_GROUPS
from ideas import services
from ideas.errors import ServiceError

NOT_GIVEN = [("", "Prefer not to say")]


def add_service_error(form: forms.Form, error: ServiceError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class ContributionForm(forms.Form):
    question = forms.TypedChoiceField(
        coerce=int,
        error_messages={
            "required": "Select the question you are answering.",
            "invalid_choice": "Select one of the questions.",
        },
    )
    category = forms.TypedChoiceField(
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Select a category."},
    )
    title = forms.CharField(
        required=False,
        strip=False,
        max_length=services.RAW_INPUT_LIMIT,
        error_messages={
            "max_length": f"The title must be {services.TITLE_MAX} characters or fewer."
        },
    )
    body = forms.CharField(
        strip=False,
        max_length=services.RAW_INPUT_LIMIT,
        error_messages={
            "required": "Enter your contribution.",
            "max_length": f"Your contribution must be {services.BODY_MAX:,} characters or fewer.",
        },
    )

    def __init__(self, *args, challenge, **kwargs):
        super().__init__(*args, **kwargs)
        if "question" in self.fields:  # not on the edit form: a post keeps its question
            self.fields["question"].choices = [(q.pk, q.title) for q in challenge.questions.all()]
        self.fields["category"].choices = [("", "No category")] + [
            (c.pk, c.name) for c in challenge.categories.all()
        ]


class EditContributionForm(ContributionForm):
    question = None


class CommentForm(forms.Form):
    body = forms.CharField(
        strip=False,
        max_length=services.RAW_INPUT_LIMIT,
        error_messages={
            "required": "Enter your comment.",
            "max_length": f"Your comment must be {services.COMMENT_MAX:,} characters or fewer.",
        },
    )
    is_implementation = forms.BooleanField(required=False)
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class SignUpForm(forms.Form):
    email = forms.CharField(
        max_length=254, error_messages={"required": "Enter your email address."}
    )
    password = forms.CharField(
        strip=False, max_length=200, error_messages={"required": "Enter a password."}
    )
    role_group = forms.ChoiceField(choices=NOT_GIVEN + ROLE_GROUPS, required=False)
    country = forms.ChoiceField(choices=NOT_GIVEN + COUNTRIES, required=False)
    organisation_type = forms.ChoiceField(choices=NOT_GIVEN + ORGANISATION_TYPES, required=False)


class ProfileForm(forms.Form):
    role_group = forms.ChoiceField(choices=NOT_GIVEN + ROLE_GROUPS, required=False)
    country = forms.ChoiceField(choices=NOT_GIVEN + COUNTRIES, required=False)
    organisation_type = forms.ChoiceField(choices=NOT_GIVEN + ORGANISATION_TYPES, required=False)


class SignInForm(forms.Form):
    email = forms.CharField(
        max_length=254, error_messages={"required": "Enter your email address."}
    )
    password = forms.CharField(
        strip=False, max_length=200, error_messages={"required": "Enter your password."}
    )


class EmailForm(forms.Form):
    email = forms.CharField(
        max_length=254, error_messages={"required": "Enter your email address."}
    )


class NewPasswordForm(forms.Form):
    password = forms.CharField(
        strip=False, max_length=200, error_messages={"required": "Enter a new password."}
    )


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        strip=False, max_length=200, error_messages={"required": "Enter your password."}
    )
