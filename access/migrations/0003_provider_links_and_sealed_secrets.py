"""The provider's subject kept for each person (ProviderLink), and the client secrets
encrypted at rest (access.sealing): every saved secret is sealed, the plain column goes."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import migrations, models


def seal_saved_secrets(apps, schema_editor):
    from access import sealing

    providers = apps.get_model("access", "IdentityProvider").objects.exclude(client_secret="")
    if providers.exists() and not sealing.can_seal():
        raise ImproperlyConfigured(
            "Set GMG_OIDC_SECRET_KEYS before migrating: the agencies' client secrets saved "
            "so far are encrypted with it (see the README, single sign-on)."
        )
    for provider in providers:
        provider.client_secret_sealed = sealing.seal(provider.client_secret)
        provider.client_secret = ""
        provider.save(update_fields=["client_secret_sealed", "client_secret"])


def unseal_saved_secrets(apps, schema_editor):
    from access import sealing

    providers = apps.get_model("access", "IdentityProvider").objects.exclude(
        client_secret_sealed=""
    )
    for provider in providers:
        provider.client_secret = sealing.unseal(provider.client_secret_sealed)
        provider.save(update_fields=["client_secret"])


class Migration(migrations.Migration):

    dependencies = [
        ("access", "0002_single_sign_on"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="identityprovider",
            name="client_secret_sealed",
            field=models.TextField(blank=True, editable=False),
        ),
        # With a default, so that going back can add the plain column again.
        migrations.AlterField(
            model_name="identityprovider",
            name="client_secret",
            field=models.CharField(blank=True, default="", max_length=500),
        ),
        migrations.RunPython(seal_saved_secrets, unseal_saved_secrets),
        migrations.RemoveField(model_name="identityprovider", name="client_secret"),
        migrations.CreateModel(
            name="ProviderLink",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("issuer", models.CharField(max_length=300, verbose_name="issuer")),
                ("subject", models.CharField(max_length=255, verbose_name="account (subject)")),
                ("email", models.CharField(max_length=254, verbose_name="e-mail at the provider")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="linked")),
                ("last_used", models.DateTimeField(default=django.utils.timezone.now, verbose_name="last used")),
                ("person", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="provider_links", to=settings.AUTH_USER_MODEL)),
                ("provider", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="links", to="access.identityprovider")),
            ],
            options={
                "verbose_name": "linked sign-in",
                "verbose_name_plural": "linked sign-ins",
                "ordering": ["provider__agency__acronym", "created_at"],
                "constraints": [
                    models.UniqueConstraint(fields=("issuer", "subject"), name="provider_link_one_account"),
                    models.UniqueConstraint(fields=("person", "issuer"), name="provider_link_one_a_person"),
                ],
            },
        ),
    ]
