"""Make the audit table append-only in the database itself (see regenpath/audit/guards.py)."""

from django.db import migrations

from regenpath.audit.guards import install_guards, remove_guards


def forward(apps, schema_editor):
    install_guards(schema_editor.connection)


def backward(apps, schema_editor):
    remove_guards(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
