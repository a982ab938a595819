# The TOTP secret and the recovery-code seed were stored in clear by allauth's default
# adapter; encrypt the ones already stored (new ones go through EncryptingMFAAdapter).

from django.db import migrations


def encrypt_mfa_secrets(apps, schema_editor):
    from alongside.accounts.mfa import encrypt_authenticator_data

    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.all():
        data = encrypt_authenticator_data(authenticator.type, authenticator.data)
        if data != authenticator.data:
            Authenticator.objects.filter(pk=authenticator.pk).update(data=data)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_encrypt_at_rest"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_mfa_secrets, migrations.RunPython.noop)]
