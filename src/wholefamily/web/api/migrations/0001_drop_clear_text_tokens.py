"""API tokens used to be DRF's, stored in clear text in ``authtoken_token``; they are django-rest-knox digests
now (``knox_authtoken``). The old table, and every clear-text token in it, goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("knox", "0009_extend_authtoken_field")]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS authtoken_token", reverse_sql=migrations.RunSQL.noop)
    ]
