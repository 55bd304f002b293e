# Criteria move from directory to referral, where the vocabulary they test lives: the tables are
# taken over as they are (state only), then renamed to this app's names.

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('referral', '0001_initial'),
        ('directory', '0010_criteria_to_referral_catalogue_version'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Criterion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('clause', models.PositiveSmallIntegerField(default=1, verbose_name='clause')),
                        ('fact', models.CharField(blank=True, choices=[('immediate_danger', 'In immediate danger'), ('age_group', 'Age group'), ('gender', 'Gender'), ('migration_status', 'Migration status'), ('police_identified', 'Identified by the police'), ('police_cooperation', 'Cooperates with the police'), ('exploitation', 'Forms of exploitation'), ('labour_indicators', 'Signs of labour exploitation'), ('in_prostitution', 'In prostitution'), ('stage', 'Stage'), ('municipality', 'Municipality'), ('needs', 'Needs'), ('wants_anonymity', 'Wants anonymity'), ('languages', 'Languages')], max_length=30, verbose_name='fact')),
                        ('operator', models.CharField(choices=[('is', 'is'), ('in', 'is one of'), ('not_in', 'is none of'), ('includes_any', 'includes any of'), ('not_empty', 'is not empty'), ('in_service_area', "is in the programme's service area"), ('never', 'never (not a triage result)')], max_length=20, verbose_name='operator')),
                        ('values', models.JSONField(blank=True, default=list, verbose_name='values')),
                        ('explanation_sl', models.CharField(max_length=300, verbose_name='explanation (Slovenian)')),
                        ('explanation_en', models.CharField(max_length=300, verbose_name='explanation (English)')),
                        ('programme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='criteria', to='directory.programme')),
                    ],
                    options={
                        'db_table': 'directory_criterion',
                        'verbose_name': 'eligibility criterion',
                        'verbose_name_plural': 'eligibility criteria',
                        'ordering': ['programme', 'clause', 'pk'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('operator__in', ['is', 'in', 'not_in', 'includes_any', 'not_empty', 'in_service_area', 'never'])), name='criterion_operator_valid'), models.CheckConstraint(condition=models.Q(('operator', 'never'), ('fact__in', ['immediate_danger', 'age_group', 'gender', 'migration_status', 'police_identified', 'police_cooperation', 'exploitation', 'labour_indicators', 'in_prostitution', 'stage', 'municipality', 'needs', 'wants_anonymity', 'languages']), _connector='OR'), name='criterion_names_a_fact')],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalCriterion',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('clause', models.PositiveSmallIntegerField(default=1, verbose_name='clause')),
                        ('fact', models.CharField(blank=True, choices=[('immediate_danger', 'In immediate danger'), ('age_group', 'Age group'), ('gender', 'Gender'), ('migration_status', 'Migration status'), ('police_identified', 'Identified by the police'), ('police_cooperation', 'Cooperates with the police'), ('exploitation', 'Forms of exploitation'), ('labour_indicators', 'Signs of labour exploitation'), ('in_prostitution', 'In prostitution'), ('stage', 'Stage'), ('municipality', 'Municipality'), ('needs', 'Needs'), ('wants_anonymity', 'Wants anonymity'), ('languages', 'Languages')], max_length=30, verbose_name='fact')),
                        ('operator', models.CharField(choices=[('is', 'is'), ('in', 'is one of'), ('not_in', 'is none of'), ('includes_any', 'includes any of'), ('not_empty', 'is not empty'), ('in_service_area', "is in the programme's service area"), ('never', 'never (not a triage result)')], max_length=20, verbose_name='operator')),
                        ('values', models.JSONField(blank=True, default=list, verbose_name='values')),
                        ('explanation_sl', models.CharField(max_length=300, verbose_name='explanation (Slovenian)')),
                        ('explanation_en', models.CharField(max_length=300, verbose_name='explanation (English)')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('programme', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.programme')),
                    ],
                    options={
                        'db_table': 'directory_historicalcriterion',
                        'verbose_name': 'historical eligibility criterion',
                        'verbose_name_plural': 'historical eligibility criteria',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
        ),
        migrations.AlterModelTable(name='criterion', table=None),
        migrations.AlterModelTable(name='historicalcriterion', table=None),
    ]
