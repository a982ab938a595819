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


LOCK_CHOICES = [
    ("", _("Never")),
    (1, _("After 1 minute")),
    (5, _("After 5 minutes")),
    (15, _("After 15 minutes")),
    (60, _("After 1 hour")),
]
SIGN_OUT_CHOICES = [
    ("", _("Only when I log out (or after two weeks)")),
    (30, _("After 30 minutes")),
    (120, _("After 2 hours")),
    (1440, _("After a day")),
]


class DeviceSafetyForm(forms.Form):
    pin = forms.CharField(
        label=_("New PIN (4 to 8 digits)"),
        required=False,
        min_length=4,
        max_length=8,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "new-password"}),
        help_text=_("Leave empty to keep your PIN as it is."),
    )
    pin_again = forms.CharField(
        label=_("The same PIN again"),
        required=False,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "new-password"}),
    )
    lock_after_minutes = forms.TypedChoiceField(
        label=_("Lock the app when it sits unused"),
        choices=LOCK_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    sign_out_after_minutes = forms.TypedChoiceField(
        label=_("Sign me out when it sits unused"),
        choices=SIGN_OUT_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    remove_pin = forms.BooleanField(label=_("Remove my PIN (no app lock)"), required=False)

    def clean_pin(self):
        pin = self.cleaned_data["pin"]
        if pin and not pin.isdigit():
            raise forms.ValidationError(_("A PIN is made of digits only."))
        return pin

    def clean(self):
        data = super().clean()
        if data.get("pin") and data.get("pin") != data.get("pin_again"):
            self.add_error("pin_again", _("The two PINs differ."))
        return data


class UnlockForm(forms.Form):
    pin = forms.CharField(
        label=_("Your PIN"),
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off", "autofocus": True}),
    )
