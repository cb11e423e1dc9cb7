# Claims (issue 7): one statement of wage reimbursement per case and period.

import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0002_reintegration_documents'),
        ('premiums', '0004_seed_2026_parameters'),
        ('verzuim', '0004_notifications'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Claim',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('kind', models.CharField(choices=[('wage', 'Loondoorbetaling bij ziekte'), ('guarantee', 'Poortwachtergarantie (loonsanctie)')], default='wage', max_length=16, verbose_name='soort')),
                ('status', models.CharField(choices=[('calculated', 'Berekend'), ('approved', 'Goedgekeurd'), ('paid', 'Betaald'), ('cancelled', 'Ingetrokken')], default='calculated', max_length=16, verbose_name='status')),
                ('period_start', models.DateField(verbose_name='periode vanaf')),
                ('period_end', models.DateField(verbose_name='periode tot en met')),
                ('waiting_days', models.PositiveSmallIntegerField(verbose_name='eigenrisicodagen van de polis')),
                ('coverage', models.CharField(choices=[('100/70', '100% jaar 1, 70% jaar 2'), ('70/70', '70% jaar 1, 70% jaar 2'), ('100/100', '100% jaar 1, 100% jaar 2')], max_length=8, verbose_name='dekking')),
                ('employer_charges_pct', models.DecimalField(decimal_places=2, max_digits=5, verbose_name='opslag werkgeverslasten (%)')),
                ('yearly_wage', models.DecimalField(decimal_places=2, max_digits=10, verbose_name='jaarloon')),
                ('waiting_days_before', models.PositiveSmallIntegerField(verbose_name='eigenrisicodagen vóór de periode')),
                ('waiting_days_in_period', models.PositiveSmallIntegerField(verbose_name='eigenrisicodagen in de periode')),
                ('sick_work_days', models.PositiveSmallIntegerField(verbose_name='ziektewerkdagen in de periode')),
                ('paid_work_days', models.PositiveSmallIntegerField(verbose_name='vergoede werkdagen')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='bedrag (€)')),
                ('lines', models.JSONField(default=list, verbose_name='regels')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='berekend op')),
                ('approved_at', models.DateTimeField(blank=True, null=True, verbose_name='goedgekeurd op')),
                ('paid_at', models.DateTimeField(blank=True, null=True, verbose_name='betaald op')),
                ('cancelled_at', models.DateTimeField(blank=True, null=True, verbose_name='ingetrokken op')),
                ('cancel_reason', models.TextField(blank=True, verbose_name='reden intrekking')),
                ('approved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='goedgekeurd door')),
                ('cancelled_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ingetrokken door')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='claims', to='cases.absencecase', verbose_name='verzuimgeval')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='berekend door')),
                ('employer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='claims', to='verzuim.employer', verbose_name='werkgever')),
                ('paid_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='betaald gemeld door')),
                ('policy', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='claims', to='premiums.policy', verbose_name='polis')),
            ],
            options={
                'verbose_name': 'declaratie',
                'verbose_name_plural': 'declaraties',
                'ordering': ['-period_start', '-created_at'],
                'indexes': [models.Index(fields=['case', 'period_start'], name='claim_case_period'), models.Index(fields=['employer', 'period_start'], name='claim_employer_period'), models.Index(fields=['status', 'period_start'], name='claim_status_period')],
                'constraints': [models.CheckConstraint(condition=models.Q(('period_end__gte', models.F('period_start'))), name='claim_period_end_after_start'), models.CheckConstraint(condition=models.Q(('amount__gte', 0)), name='claim_amount_not_negative'), models.CheckConstraint(condition=models.Q(('kind__in', ['wage', 'guarantee'])), name='claim_kind_option'), models.CheckConstraint(condition=models.Q(('status__in', ['calculated', 'approved', 'paid', 'cancelled'])), name='claim_status_option'), models.CheckConstraint(condition=models.Q(('approved_by__isnull', True), models.Q(('approved_by', models.F('created_by')), _negated=True), _connector='OR'), name='claim_four_eyes'), models.CheckConstraint(condition=models.Q(models.Q(('status__in', ['approved', 'paid']), _negated=True), models.Q(('approved_by__isnull', False), ('approved_at__isnull', False)), _connector='OR'), name='claim_approved_has_approver'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'paid'), _negated=True), models.Q(('paid_by__isnull', False), ('paid_at__isnull', False)), _connector='OR'), name='claim_paid_has_payment'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'cancelled'), _negated=True), models.Q(('cancelled_by__isnull', False), models.Q(('cancel_reason', ''), _negated=True)), _connector='OR'), name='claim_cancelled_has_reason')],
            },
        ),
    ]
