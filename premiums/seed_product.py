"""The demo insurer's details and the product sheet texts of the demo product (docs/domain.md §7 "Product sheet").

Written by the data migration 0007 (the insurer's details always; the product texts when the product exists) and by
the demo data (verzuim.site.demo, after it made the product). Both are dated data: insurer staff add later versions
in the admin. The texts restate the product's rules of docs/domain.md §6 and §7 in plain Dutch; they are the
product's promises, not law.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

VALID_FROM = dt.date(2026, 1, 1)
PRODUCT_CODE = "mkb-vov"

# A fictitious insurer: the IBAN is the textbook example number (valid check digits, no real account).
INSURER = {
    "name": "Verzuim-ontzorg Verzekeringen N.V.",
    "street": "Catharijnesingel 10",
    "postcode": "3511 GB",
    "city": "Utrecht",
    "kvk_number": "30000001",
    "afm_number": "12000001",
    "dnb_number": "W0001",
    "iban": "NL91ABNA0417164300",
    "account_holder": "Verzuim-ontzorg Verzekeringen N.V.",
    "phone": "030 700 10 10",
    "email": "premie@verzuim-ontzorg.nl",
    "website": "www.verzuim-ontzorg.nl",
    "payment_term_days": 30,
}

SHEET_TEXTS = {
    "wage": (
        "Wij vergoeden het loon dat u een zieke werknemer volgens de wet doorbetaalt (BW art. 7:629), tot ten "
        "hoogste 104 weken. De vergoeding begint na de eigenrisicodagen en volgt het dekkingspercentage van uw "
        "polis. Het loon telt mee tot het maximumpremieloon."
    ),
    "employer_charges": (
        "Bovenop het loon vergoeden wij de werkgeverslasten (vakantiegeld, pensioenpremie en sociale lasten) met "
        "het percentage dat op uw polis staat."
    ),
    "interventions": (
        "Wij vergoeden een interventie volledig als de bedrijfsarts of de casemanager haar adviseerde, de eerste "
        "ziektedag op of na de ingangsdatum van de polis ligt, en de kosten in verhouding staan tot het loon dat nog "
        "moet worden doorbetaald. Een medewerker van de verzekeraar keurt de aanvraag vooraf goed."
    ),
    "occupational_health_service": (
        "Een arbodienst uit ons netwerk begeleidt uw zieke werknemers. De bedrijfsarts werkt voor die arbodienst en "
        "is de enige die medische gegevens ziet."
    ),
    "occupational_health_certification": (
        "De arbodienst heeft een geldig SBCA- of OVAL-certificaat en de bedrijfsarts een BIG-registratie. Zonder "
        "geldige certificering wijzen wij geen nieuwe begeleiding toe."
    ),
    "casemanager": (
        "U krijgt een vaste casemanager (Ontzorgmanager) met een geldige registratie. Die regisseert de "
        "re-integratie en bewaakt de termijnen van de Wet verbetering poortwachter."
    ),
    "welcome_call": (
        "Binnen 4 weken na de ingangsdatum van uw eerste polis belt uw casemanager u voor een welkomstgesprek."
    ),
    "prevention_check": (
        "Eén keer per polisjaar, binnen 3 maanden na de start van het polisjaar, loopt uw casemanager de preventie "
        "met u door: de RI&E, de preventiemedewerker, uw verzuimbeleid en de certificering van uw arbodienst."
    ),
    "relapse_prevention": (
        "Was een werknemer langer dan 3 maanden ziek en is hij volledig hersteld, dan neemt de casemanager 6 maanden "
        "na de eerste hele werkdag contact met hem op om terugval te voorkomen."
    ),
    "poortwachter_guarantee": (
        "Legt UWV u een loonsanctie op, dan vergoeden wij het loon over de sanctieperiode (ten hoogste 52 weken) "
        "als u alles op tijd hebt gedaan en elk advies hebt opgevolgd."
    ),
    "poortwachter_conditions": (
        "Wij beoordelen het dossier zoals het was op de datum van het besluit van UWV: elke stap van de Wet "
        "verbetering poortwachter op tijd gezet, en elk advies van de bedrijfsarts en de casemanager op tijd "
        "opgevolgd. De vergoeding is het verzekerde jaarloon gedeeld door 261, maal de werkdagen van de sanctie, "
        "maal de dekking van het tweede jaar, plus de werkgeverslasten."
    ),
    "premium_basis": (
        "De premie is de verzekerde loonsom maal het basistarief maal uw eigenverzuimfactor. De verzekerde loonsom "
        "is de som van de jaarlonen, per werknemer tot het maximumpremieloon, plus de verzekerde werkgeverslasten. "
        "Het basistarief hangt af van uw sector, de leeftijd en lonen van uw werknemers, de eigenrisicodagen en de "
        "dekking. Uw eigen verzuim telt mee naar het aantal verzekerde werknemers."
    ),
    "complaints_route": (
        "Bent u niet tevreden, bespreek het dan eerst met uw casemanager. Komt u er niet uit, dien dan een klacht "
        "in via het portaal (Klacht indienen) of het klachtenformulier op onze website. Bent u het niet eens met "
        "ons antwoord, dan kunt u naar de externe klachtenregeling van het convenant, en in de gevallen die Kifid "
        "behandelt naar Kifid."
    ),
    "notice_period": (
        "De polis loopt per kalenderjaar en wordt elk jaar op 1 januari verlengd. U kunt haar opzeggen tegen "
        "1 januari, met een opzegtermijn van 2 maanden."
    ),
}


def seed_insurer(apps: Any, schema_editor: Any = None) -> None:
    InsurerDetails = apps.get_model("premiums", "InsurerDetails")
    if not InsurerDetails.objects.filter(valid_from=VALID_FROM).exists():
        InsurerDetails.objects.create(valid_from=VALID_FROM, **INSURER)


def seed_sheet_texts(apps: Any, product: Any) -> None:
    """The 2026 texts of `product` (a Product of `apps`), unless it has a version from that date already."""
    ProductSheetText = apps.get_model("premiums", "ProductSheetText")
    if not ProductSheetText.objects.filter(product_id=product.pk, valid_from=VALID_FROM).exists():
        ProductSheetText.objects.create(product_id=product.pk, valid_from=VALID_FROM, **SHEET_TEXTS)


def seed(apps: Any, schema_editor: Any = None) -> None:
    seed_insurer(apps)
    product = apps.get_model("premiums", "Product").objects.filter(code=PRODUCT_CODE).first()
    if product is not None:
        seed_sheet_texts(apps, product)
