"""The employee's own dossier (*Mijn verzuim*, issue 22 item 2): what the sick employee must do and by when, in
one place, with their account instead of one-time links.

The employee sees the 104 weeks of their own case (cases.absence.selectors.own_case_get is the only door: another
employee's case, and every case for every other role, is 404): their own steps and the steps they take part in,
explained in plain Dutch; the plan van aanpak and its reviews to read and sign; the other documents of the
re-integration report once final (the report goes with the employee's WIA application: Wet WIA art. 64 lid 1);
the advice about work and possibilities and the physician's functional assessment (what may leave the medical
compartment, never a diagnosis); the planned spreekuren (when and how, never why); and the income consequences
with the handout.

Sources of the employee's part (the step table of docs/domain.md cites each step): the employer draws up the plan van
aanpak in agreement with the employee (Wet WIA art. 25 lid 2; Regeling procesgang eerste en tweede ziektejaar art. 4
lid 1), and since 1 July 2023 the plan and the first-year evaluation hold the employee's own view (art. 4 lid 2, as
amended by Stcrt. 2023, 13931); the WIA application is the employee's, at the latest eleven weeks before the waiting
period ends (Wet WIA art. 64 lid 3); an early IVA is the employee's to request (Wet WIA; UWV "Bijna 2 jaar ziek").
"""
