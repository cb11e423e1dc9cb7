"""The complaints an employee filed, in their data export of *Mijn gegevens* (verzuim.plugins.export_section;
cases.privacy). Imported by ComplaintsConfig.ready.

A complaint is the employee's when their account submitted it in the portal or when it was filed under the
e-mail address of their account (the public intake form has no account). A complaint an employer filed about the
employee's case is the employer's: it is not in the employee's export (the employee asks the complaints desk).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from complaints.models import Complaint, ComplaintCategory, ComplaintChannel, ComplaintStatus
from verzuim.models import Employee, User
from verzuim.plugins import ExportSection, export_section


@export_section(key="complaints", order=85)
def complaints_section(employee: Employee) -> ExportSection:
    accounts = list(User.objects.filter(employee=employee).values_list("pk", "email"))
    condition = Q(pk__in=[])
    for pk, email in accounts:
        condition |= Q(submitted_by_id=pk)
        if email:
            condition |= Q(contact_email__iexact=email)
    complaints = Complaint.objects.filter(condition).order_by("received_on", "reference") if accounts else []
    return ExportSection(
        key="complaints",
        title=_("Uw klachten"),
        records=[
            {
                "reference": complaint.reference,
                "category": complaint.category,
                "channel": complaint.channel,
                "received_on": complaint.received_on,
                "description": complaint.description,
                "status": complaint.status,
            }
            for complaint in complaints
        ],
        labels={
            "reference": _("Kenmerk"),
            "category": _("Onderwerp"),
            "channel": _("Kanaal"),
            "received_on": _("Ontvangen op"),
            "description": _("Omschrijving"),
            "status": _("Status"),
        },
        choices={
            "category": {str(v): str(label) for v, label in ComplaintCategory.choices},
            "channel": {str(v): str(label) for v, label in ComplaintChannel.choices},
            "status": {str(v): str(label) for v, label in ComplaintStatus.choices},
        },
    )
