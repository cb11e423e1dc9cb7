"""The retention terms as first set, each with its source (docs/domain.md "Retention"). Used by the migration that
creates the table and after a flush (CasesConfig.ready); insurer staff add later rows in the admin."""

from __future__ import annotations

import datetime as dt
from typing import Any

TERMS: list[dict[str, Any]] = [
    {
        "subject": "casework",
        "valid_from": dt.date(2018, 5, 25),
        "months": 24,
        "source": (
            "AVG art. 5 lid 1 onder e (opslagbeperking) en Autoriteit Persoonsgegevens, Beleidsregels 'De zieke "
            "werknemer' (2016): het re-integratiedossier niet langer dan twee jaar na afronding van de re-integratie; "
            "voor de administratieve verzuimgegevens noemt de AP twee jaar redelijk."
        ),
        "source_url": "https://www.rendement.nl/re-integratie/nieuws/verzuimgegevens-niet-te-lang-bewaren.html",
    },
    {
        "subject": "medical",
        "valid_from": dt.date(2018, 5, 25),
        "months": 180,
        "source": (
            "Burgerlijk Wetboek art. 7:454 lid 3 (WGBO): vijftien jaar tot 1 januari 2020. Verzuimbegeleiding is geen "
            "geneeskundige behandelingsovereenkomst (art. 7:446 lid 4 BW); de verzekeraar houdt voor het dossier van "
            "de bedrijfsarts dezelfde termijn aan."
        ),
        "source_url": (
            "https://www.dirkzwager.nl/kennis/artikelen/"
            "wijzigingen-van-de-wgbo-per-1-januari-2020-2-verlenging-bewaartermijn-en-aanpassing-aanvangsdatum/"
        ),
    },
    {
        "subject": "medical",
        "valid_from": dt.date(2020, 1, 1),
        "months": 240,
        "source": (
            "Burgerlijk Wetboek art. 7:454 lid 3 (WGBO): twintig jaar sinds 1 januari 2020. Verzuimbegeleiding is geen "
            "geneeskundige behandelingsovereenkomst (art. 7:446 lid 4 BW); de verzekeraar houdt voor het dossier van "
            "de bedrijfsarts dezelfde termijn aan."
        ),
        "source_url": (
            "https://www.dirkzwager.nl/kennis/artikelen/"
            "wijzigingen-van-de-wgbo-per-1-januari-2020-2-verlenging-bewaartermijn-en-aanpassing-aanvangsdatum/"
        ),
    },
    {
        "subject": "financial",
        "valid_from": dt.date(2018, 5, 25),
        "months": 84,
        "source": (
            "Burgerlijk Wetboek art. 2:10 lid 3: de administratie zeven jaar bewaren; Algemene wet inzake "
            "rijksbelastingen art. 52: de fiscale administratie- en bewaarplicht (declaraties en premies)."
        ),
        "source_url": "https://adoc.pub/bijlage-3-bewaartermijnen-in-wet-en-regelgeving.html",
    },
]


def seed(apps: Any) -> None:
    """Create the terms that are missing (by subject and date); existing rows are left as they are."""
    retention_term = apps.get_model("cases", "RetentionTerm")
    for term in TERMS:
        retention_term.objects.get_or_create(
            subject=term["subject"],
            valid_from=term["valid_from"],
            defaults={"months": term["months"], "source": term["source"], "source_url": term["source_url"]},
        )
