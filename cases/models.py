"""The models of the cases app, gathered from its feature packages so that Django registers them under the
app label ``cases``. Code imports a model from its own package (cases.absence.models, ...), not from here."""

from cases.absence.models import (  # noqa: F401 (registered with the app through this import)
    AbsenceCase,
    CaseAssignment,
    CaseStatus,
    CloseReason,
    Recovery,
    SickPeriod,
    Step,
    StepState,
)
from cases.advice.models import (  # noqa: F401 (registered with the app through this import)
    Advice,
    Followup,
    FollowupStatus,
    GuaranteeDecision,
    Sanction,
)
from cases.documents.models import (  # noqa: F401 (registered with the app through this import)
    DocumentPart,
    DocumentSignature,
    DocumentState,
    LinkPurpose,
    OneTimeLink,
    ReintegrationDocument,
    SignerRole,
)
from cases.income.models import (  # noqa: F401 (registered with the app through this import)
    IncomeConversation,
)
from cases.interventions.models import (  # noqa: F401 (registered with the app through this import)
    AdvisedBy,
    Intervention,
    InterventionKind,
    InterventionStatus,
    Provider,
    ProviderScore,
)
from cases.medical.models import (  # noqa: F401 (registered with the app through this import)
    FunctionalAssessment,
    MedicalNote,
)
from cases.professionals.models import (  # noqa: F401 (registered with the app through this import)
    Arbodienst,
    ArbodienstCertificate,
    CasemanagerBasis,
    CasemanagerRegistration,
    CertificateKind,
    EmployerArbodienst,
    LabourExpert,
    LabourExpertRegistration,
    PhysicianRegistration,
    RegistrationRow,
)
from cases.rhythm.models import (  # noqa: F401 (registered with the app through this import)
    ContactKind,
    ContactState,
    ServiceContact,
)
