"""Retention (issue 22 item 5): the dated retention terms, the nightly sweep that anonymises expired cases, and
the insurer's report of it (docs/domain.md §12).

The terms as first seeded (cases/retention/seed.py), each with its source, checked on 07-12-2026:

* casework, 2 years after the case closed: AVG art. 5 lid 1 onder e and the Autoriteit Persoonsgegevens,
  Beleidsregels 'De zieke werknemer' (2016), the re-integration file at most two years after the re-integration
  ended (https://www.rendement.nl/re-integratie/nieuws/verzuimgegevens-niet-te-lang-bewaren.html);
* the physician's medical file, 20 years (15 before 01-01-2020): BW art. 7:454 lid 3 (WGBO), applied by choice to the
  occupational physician's file, which is no treatment agreement (BW art. 7:446 lid 4)
  (https://www.dirkzwager.nl/kennis/artikelen/wijzigingen-van-de-wgbo-per-1-januari-2020-2-verlenging-bewaartermijn-en-aanpassing-aanvangsdatum/);
* claims and premiums, 7 years: BW art. 2:10 lid 3 and AWR art. 52 (the fiscal administration duty).
"""
