"""factory-boy factories for the core models."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.advice.models import Sanction
from cases.professionals.models import CasemanagerBasis, CasemanagerRegistration, PhysicianRegistration
from premiums.models import Coverage, Policy, PolicyStatus, Product
from verzuim.models import ADMIN_SITE_ROLES, ContractType, Employee, Employer, Role, User
from verzuim.validators import passes_eleven_proof

PASSWORD = "correct-horse-battery-9"
# Casemanagers and physicians made by UserFactory are registered from this day on, without an end.
REGISTERED_FROM = dt.date(2000, 1, 1)


def _payroll_tax_number(n: int) -> str:
    """A unique valid number: the sequence picks the first 8 digits, the 11-proof the last one."""
    for prefix in (10_000_000 + n, 50_000_000 + n, 80_000_000 + n):
        for last in range(10):
            if passes_eleven_proof(f"{prefix}{last}"):
                return f"{prefix}{last}L01"
    raise AssertionError(f"no valid payroll tax number for {n}")


class EmployerFactory(factory.django.DjangoModelFactory[Employer]):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"Werkgever {n} B.V.")
    kvk_number = factory.Sequence(lambda n: f"{10000000 + n:08d}")
    payroll_tax_number = factory.Sequence(_payroll_tax_number)
    sbi_code = "4322"
    city = "Utrecht"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.nl")
    role = Role.EMPLOYER
    employer = factory.Maybe(
        factory.LazyAttribute(lambda o: o.role == Role.EMPLOYER), factory.SubFactory(EmployerFactory), None
    )
    is_staff = factory.LazyAttribute(lambda o: o.role in ADMIN_SITE_ROLES)
    is_superuser = factory.LazyAttribute(lambda o: o.role == Role.ADMIN)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            obj.save()

    @factory.post_generation
    def registration(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        """A casemanager or physician is registered (docs/domain.md §6), unless made with `registration=False`."""
        if not create or extracted is False:
            return
        if obj.role == Role.CASEMANAGER:
            CasemanagerRegistration.objects.create(
                user_id=obj.pk, basis=CasemanagerBasis.INSURER, valid_from=REGISTERED_FROM
            )
        elif obj.role == Role.OCCUPATIONAL_PHYSICIAN:
            big_number = f"{obj.pk.int % 10**11:011d}"
            PhysicianRegistration.objects.create(user_id=obj.pk, big_number=big_number, valid_from=REGISTERED_FROM)


class EmployeeFactory(factory.django.DjangoModelFactory[Employee]):
    class Meta:
        model = Employee

    employer = factory.SubFactory(EmployerFactory)
    personnel_number = factory.Sequence(lambda n: f"P{n:05d}")
    first_name = "Anna"
    last_name = factory.Sequence(lambda n: f"Achternaam{n}")
    date_of_birth = dt.date(1985, 6, 15)
    employment_start = dt.date(2020, 1, 1)
    weekly_hours = Decimal("36.00")
    yearly_wage = Decimal("42000.00")
    contract_type = ContractType.PERMANENT


class ProductFactory(factory.django.DjangoModelFactory[Product]):
    class Meta:
        model = Product
        django_get_or_create = ("code",)

    code = "mkb-vov"
    name = "MKB Verzuim-ontzorgverzekering"


class PolicyFactory(factory.django.DjangoModelFactory[Policy]):
    class Meta:
        model = Policy

    policy_number = factory.Sequence(lambda n: f"VOV-TEST-{n:06d}")
    employer = factory.SubFactory(EmployerFactory)
    product = factory.SubFactory(ProductFactory)
    start_date = dt.date(2026, 1, 1)
    waiting_days = 10
    coverage = Coverage.C100_70
    status = PolicyStatus.ACTIVE


class SanctionFactory(factory.django.DjangoModelFactory[Sanction]):
    """A wage sanction on file, for tests about who sees it; `sanction_record` checks a new one's dates (it must
    follow the week-91 re-integration report), which a young test case cannot satisfy. Pass case and recorded_by."""

    class Meta:
        model = Sanction

    weeks = 2
    start = factory.LazyFunction(lambda: dt.date.today())
    decision_date = factory.LazyAttribute(lambda o: o.start)
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(weeks=o.weeks) - dt.timedelta(days=1))


def confirmed_totp_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="test", confirmed=True)
