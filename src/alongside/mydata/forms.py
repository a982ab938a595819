from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from alongside.mydata.deletion import DELETE_SHARED, KEEP_SHARED


class DeleteAccountForm(forms.Form):
    """Both factors again at the moment of deletion: the password, and a code when two-step sign-in is on."""

    shared = forms.ChoiceField(
        label=_("What should happen to what you shared with your circles?"),
        choices=[
            (DELETE_SHARED, _("Delete it too")),
            (KEEP_SHARED, _('Keep it in the circle, shown as written by "a former member"')),
        ],
        widget=forms.RadioSelect,
    )
    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        from allauth.mfa.models import Authenticator

        self.totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if self.totp is None:
            del self.fields["code"]
        else:
            self.fields["code"].required = True

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password

    def clean_code(self):
        from allauth.mfa.totp.internal.auth import TOTP

        code = self.cleaned_data.get("code", "").strip()
        if self.totp is not None and not TOTP(self.totp).validate_code(code):
            raise forms.ValidationError(_("That code is not right. Use the newest code from your app."))
        return code


class HandoverForm(forms.Form):
    to = forms.ModelChoiceField(
        label=_("Who should take over as organiser?"), queryset=None, to_field_name="public_id"
    )

    def __init__(self, *args, supporters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = supporters
