/** The widget's own words in Danish (the default) and English. */
const da = {
  caption: 'Samarbejdsaftale',
  corner: 'Opgave, beslutning eller indsats',
  kind: { task: 'opgave', decision: 'beslutning', intervention: 'indsats', person: 'person', department: 'afdeling' },
  role: { R: 'Udførende', A: 'Ansvarlig', C: 'Konsulteret', I: 'Informeret' },
  none: 'Ingen rolle',
  findings: 'Bemærkninger til samarbejdsaftalen',
  rule: 'Ved uenighed',
  decidedBy: 'Afgøres af',
  move: 'Flyt mellem felterne med piletasterne, Home og End.',
  edit: 'Tast R, A, C eller I for at give en rolle og Delete for at fjerne den.',
  readonly: 'Kan ikke redigeres.',
  empty: 'Der er ingen samarbejdsaftale at vise.',
};

const en: typeof da = {
  caption: 'Collaboration agreement',
  corner: 'Task, decision or intervention',
  kind: { task: 'task', decision: 'decision', intervention: 'intervention', person: 'person', department: 'department' },
  role: { R: 'Responsible', A: 'Accountable', C: 'Consulted', I: 'Informed' },
  none: 'No role',
  findings: 'Notes on the collaboration agreement',
  rule: 'When there is disagreement',
  decidedBy: 'Decided by',
  move: 'Move between the cells with the arrow keys, Home and End.',
  edit: 'Type R, A, C or I to give a role and Delete to remove it.',
  readonly: 'Read-only.',
  empty: 'There is no collaboration agreement to show.',
};

export const messages = { da, en };
