"""On PostgreSQL, collate the case-folded name keys "C" (code-point order).

regenpath.patients.search finds a name prefix with a range (key >= p AND key < p || U+10FFFF),
which is exact only under code-point ordering; SQLite's default BINARY collation already is.
The indexes on these columns are rebuilt with the new collation.
"""

from django.db import migrations

FORWARD = [
    'ALTER TABLE patients_patient ALTER COLUMN given_name_key TYPE varchar(100) COLLATE "C"',
    'ALTER TABLE patients_patient ALTER COLUMN family_name_key TYPE varchar(100) COLLATE "C"',
]
REVERSE = [
    'ALTER TABLE patients_patient ALTER COLUMN given_name_key TYPE varchar(100) COLLATE "default"',
    'ALTER TABLE patients_patient ALTER COLUMN family_name_key TYPE varchar(100) COLLATE "default"',
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("patients", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(REVERSE))]
