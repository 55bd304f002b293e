# Criteria move to referral (see referral 0002); one catalogue version row for the caches.

from django.db import migrations, models


def first_version(apps, schema_editor):
    apps.get_model("directory", "CatalogueVersion").objects.create(pk=1, number=1)


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0009_sqlite_search_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='HistoricalCriterion'),
                migrations.DeleteModel(name='Criterion'),
            ],
        ),
        migrations.CreateModel(
            name='CatalogueVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveBigIntegerField(default=0)),
                ('changed_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'verbose_name': 'catalogue version',
                'constraints': [models.CheckConstraint(condition=models.Q(('id', 1)), name='catalogue_version_single_row')],
            },
        ),
        migrations.RunPython(first_version, migrations.RunPython.noop),
    ]
