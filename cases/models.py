"""The models of the cases app. Each feature package keeps its own models module; importing them here registers
them with Django under the app label ``cases`` (tables and migrations are the app's). Code imports a model from
its package (``cases.absence.models.AbsenceCase``), never from this module."""

from cases.absence import models as absence  # noqa: F401
from cases.advice import models as advice  # noqa: F401
from cases.contacts import models as contacts  # noqa: F401
from cases.documents import models as documents  # noqa: F401
from cases.income import models as income  # noqa: F401
from cases.interventions import models as interventions  # noqa: F401
from cases.medical import models as medical  # noqa: F401
from cases.messages import models as messages  # noqa: F401
from cases.privacy import models as privacy  # noqa: F401
from cases.professionals import models as professionals  # noqa: F401
from cases.retention import models as retention  # noqa: F401
from cases.rhythm import models as rhythm  # noqa: F401
