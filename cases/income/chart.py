"""What the income pages and the handout show of a calculation: the phases in plain Dutch, and the chart.

The chart is inline SVG on the scaffold of verzuim.charts, as the statistics chart. It shows month 1 to
CHART_MONTHS of sickness, each phase as a block as high as its monthly amount in percent of the employee's
current monthly wage (the uncapped wage: what the employee earns now, so the cap on the wage shows as a lower
block). A phase without an end runs to the chart's edge. Every number in it is also in the table of phases.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from cases.income import rules as income
from verzuim import charts
from verzuim.charts import coordinate

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# Five years of sickness: the two years of continued wage and three years of WIA; long enough for the longest
# wage-related WGA benefit (24 months) to end inside the chart.
CHART_MONTHS = 60
PLOT = charts.Plot(width=640, height=270, left=56.0, right=632.0, top=24.0, bottom=224.0)
AXIS_TOP_PCT = Decimal(100)
GRID_STEP_PCT = Decimal(25)
# On screen these are HTML labels placed by portal.css (.chart-columns-60 > .at-N): a new tick needs its rule there.
MONTH_TICKS = (1, 12, 24, 36, 48, 60)
# A block narrower than this (in SVG units) gets no value label above it: the table has the number.
MIN_LABELLED_WIDTH = 28.0
PCT_PLACES = Decimal("0.1")

# Who pays the phase: the employer in the first two years (BW 7:629), UWV after (Wet WIA).
PAYER_EMPLOYER = "employer"
PAYER_UWV = "uwv"
PAYER_NONE = "none"


@dataclass(frozen=True)
class PhaseText:
    name: StrPromise
    payer: str
    explanation: StrPromise


PHASE_TEXTS: dict[str, PhaseText] = {
    income.YEAR1: PhaseText(
        _("Eerste ziektejaar"),
        PAYER_EMPLOYER,
        _(
            "In het eerste jaar dat u ziek bent, betaalt uw werkgever ten minste 70% van uw loon door. U krijgt "
            "nooit minder dan het minimumloon dat voor u geldt: het minimumloon per uur voor uw leeftijd maal uw "
            "uren per week, of uw hele loon als dat lager is. Staat in uw cao of arbeidsovereenkomst een hoger "
            "percentage, dan krijgt u dat, over uw hele loon."
        ),
    ),
    income.YEAR2: PhaseText(
        _("Tweede ziektejaar"),
        PAYER_EMPLOYER,
        _(
            "In het tweede jaar betaalt uw werkgever 70% van uw loon door, of meer als uw cao of "
            "arbeidsovereenkomst dat regelt (dat hogere percentage over uw hele loon). In het tweede jaar geldt het "
            "minimumloon niet als ondergrens."
        ),
    ),
    income.WGA_WAGE_RELATED_FIRST: PhaseText(
        _("WGA-loongerelateerde uitkering, eerste 2 maanden"),
        PAYER_UWV,
        _(
            "Na 2 jaar ziekte kijkt UWV hoeveel u nog kunt verdienen. Bent u 35% of meer arbeidsongeschikt, maar "
            "niet volledig en blijvend, dan krijgt u een WGA-uitkering. De eerste 2 maanden is die 75% van het "
            "verschil tussen uw loon en wat u dan met werk verdient. Wat u verdient, krijgt u daarnaast."
        ),
    ),
    income.WGA_WAGE_RELATED: PhaseText(
        _("WGA-loongerelateerde uitkering"),
        PAYER_UWV,
        _(
            "Daarna is de uitkering 70% van dat verschil. Hoe lang u haar krijgt, hangt af van hoeveel jaar u "
            "hebt gewerkt: een maand per jaar voor de eerste 10 jaar en een halve maand per jaar daarna, ten "
            "minste 3 en hoogstens 24 maanden."
        ),
    ),
    income.WGA_WAGE_SUPPLEMENT: PhaseText(
        _("WGA-loonaanvullingsuitkering"),
        PAYER_UWV,
        _(
            "Na de loongerelateerde uitkering krijgt u een loonaanvulling als u ten minste de helft verdient van "
            "wat u volgens UWV nog kunt verdienen, of als u 80% of meer maar niet blijvend arbeidsongeschikt bent. "
            "Verdient u minstens wat u nog kunt verdienen (of bent u 80% of meer arbeidsongeschikt), dan is de "
            "aanvulling 70% van het verschil tussen uw loon en wat u verdient; anders 70% van het verschil tussen "
            "uw loon en wat u nog kunt verdienen. Wat u met werk verdient, krijgt u daarnaast: meer werken loont."
        ),
    ),
    income.WGA_FOLLOW_UP: PhaseText(
        _("WGA-vervolguitkering"),
        PAYER_UWV,
        _(
            "Verdient u minder dan de helft van wat u volgens UWV nog kunt verdienen, dan krijgt u na de "
            "loongerelateerde uitkering een vervolguitkering. Die is een deel van het minimumloon, afhankelijk van "
            "hoeveel procent u arbeidsongeschikt bent. Gaat u meer verdienen, dan kunt u de hogere loonaanvulling "
            "krijgen."
        ),
    ),
    income.IVA: PhaseText(
        _("IVA-uitkering"),
        PAYER_UWV,
        _(
            "Bent u na 2 jaar volledig (80% of meer) en blijvend arbeidsongeschikt, dan krijgt u een IVA-uitkering: "
            "75% van uw loon, tot u de AOW-leeftijd bereikt."
        ),
    ),
    income.NO_BENEFIT: PhaseText(
        _("Geen WIA-uitkering"),
        PAYER_NONE,
        _(
            "Bent u na 2 jaar minder dan 35% arbeidsongeschikt, dan krijgt u geen WIA-uitkering. UWV verwacht dat u "
            "met werk het grootste deel van uw loon kunt verdienen, bij uw eigen of een andere werkgever. Uw "
            "werkgever en casemanager helpen u daarbij. Wat u dan verdient, staat niet in dit overzicht."
        ),
    ),
}
# What income.income_warnings' codes say to the employee (the pages, the handout and the API's `warnings`).
WARNING_TEXTS: dict[str, StrPromise] = {
    income.TOPUPS_ABOVE_170: _(
        "De doorbetaling uit de cao of arbeidsovereenkomst is in de twee ziektejaren samen meer dan 170% van het "
        "loon. De Stichting van de Arbeid houdt als norm aan dat aanvullingen samen niet boven 170% uitkomen; "
        "vaak gelden voor het meerdere voorwaarden, zoals meewerken aan re-integratie. Kijk na wat de cao precies "
        "regelt. De bedragen zijn berekend met de ingevulde percentages."
    ),
}


@dataclass(frozen=True)
class Notice:
    """One of income.income_warnings, with its text."""

    code: str
    message: StrPromise


PAYER_LABELS: dict[str, StrPromise] = {
    PAYER_EMPLOYER: _("Uw werkgever"),
    PAYER_UWV: _("UWV"),
    PAYER_NONE: _("Niemand: u verdient zelf met werk"),
}


@dataclass(frozen=True)
class PhaseRow:
    """One phase for the table, the explanations and its block in the chart."""

    number: int
    phase: income.Phase
    first_month: int
    last_month: int | None  # None: no end (until the state pension age or a new assessment)
    pct_of_wage: Decimal
    block_x: str
    block_y: str
    block_width: str
    block_height: str
    value_x: str
    value_y: str
    labelled: bool

    @property
    def code(self) -> str:
        return self.phase.code

    @property
    def name(self) -> StrPromise:
        return PHASE_TEXTS[self.code].name

    @property
    def payer(self) -> str:
        return PHASE_TEXTS[self.code].payer

    @property
    def payer_label(self) -> StrPromise:
        return PAYER_LABELS[self.payer]

    @property
    def explanation(self) -> StrPromise:
        return PHASE_TEXTS[self.code].explanation

    @property
    def months(self) -> int | None:
        return self.phase.months


@dataclass(frozen=True)
class Tick:
    month: int
    x: str


@dataclass(frozen=True)
class IncomeResult:
    """A calculation as the pages and the handout show it."""

    facts: income.IncomeFacts
    rows: tuple[PhaseRow, ...]
    figures: income.LegalFigures
    # The chart: its frame (the top gridline, 100%, is the current wage), the month labels and the axis title.
    chart: charts.Frame
    month_label_y: str
    axis_title_y: str
    ticks: tuple[Tick, ...]

    @property
    def wage_capped(self) -> bool:
        return self.facts.monthly_wage > self.figures.max_monthly_wage

    @property
    def max_monthly_wage(self) -> Decimal:
        return self.figures.max_monthly_wage.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def chart_months(self) -> int:
        return CHART_MONTHS

    @property
    def notices(self) -> tuple[Notice, ...]:
        return income_notices(self.facts)

    @property
    def has_topup(self) -> bool:
        return self.facts.topup_year1_pct is not None or self.facts.topup_year2_pct is not None


def income_notices(facts: income.IncomeFacts) -> tuple[Notice, ...]:
    """income.income_warnings of ``facts`` with their Dutch text."""
    return tuple(Notice(code=code, message=WARNING_TEXTS[code]) for code in income.income_warnings(facts))


def pct_of_wage(amount: Decimal, wage: Decimal) -> Decimal:
    """``amount`` as a percentage of ``wage``, to one decimal, half up (0 for no wage)."""
    if wage <= 0:
        return Decimal(0)
    return (amount * 100 / wage).quantize(PCT_PLACES, rounding=ROUND_HALF_UP)


def income_result(facts: income.IncomeFacts) -> IncomeResult:
    """The phases of ``facts`` (income.income_phases) with their texts and the chart's geometry."""
    phases = income.income_phases(facts)
    figures = income.figures_on(facts.reference_date)
    finite = sum(phase.months or 0 for phase in phases)
    open_ended = max(CHART_MONTHS - finite, 1)
    series = income.monthly_series(phases, open_ended_months=open_ended)
    shown = min(len(series), CHART_MONTHS)
    slot = PLOT.slot(shown)

    rows: list[PhaseRow] = []
    first = 1
    for number, phase in enumerate(phases, start=1):
        last = first + phase.months - 1 if phase.months is not None else None
        drawn_last = min(last if last is not None else shown, shown)
        pct = pct_of_wage(phase.monthly_amount, facts.monthly_wage)
        left = PLOT.left + (first - 1) * slot
        width = max(drawn_last - first + 1, 0) * slot
        top = PLOT.y_of(pct, AXIS_TOP_PCT)
        rows.append(
            PhaseRow(
                number=number,
                phase=phase,
                first_month=first,
                last_month=last,
                pct_of_wage=pct,
                block_x=coordinate(left),
                block_y=coordinate(top),
                block_width=coordinate(width),
                block_height=coordinate(PLOT.bottom - top),
                value_x=coordinate(left + width / 2),
                value_y=coordinate(top - 5),
                labelled=width >= MIN_LABELLED_WIDTH,
            )
        )
        first = (last or first) + 1
    return IncomeResult(
        facts=facts,
        rows=tuple(rows),
        figures=figures,
        chart=charts.frame(
            PLOT, dom_id="income-chart", top_value=AXIS_TOP_PCT, step=GRID_STEP_PCT, top_line_class="chart-wage"
        ),
        month_label_y=coordinate(PLOT.bottom + 18),
        axis_title_y=coordinate(PLOT.bottom + 38),
        ticks=tuple(Tick(month=m, x=coordinate(PLOT.left + (m - 0.5) * slot)) for m in MONTH_TICKS if m <= shown),
    )
