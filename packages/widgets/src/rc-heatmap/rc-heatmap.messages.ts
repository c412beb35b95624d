// The words of the matrix, the legend and the summary; the table, network and detail
// chunks carry their own words. The bands are core's, in the sources' words (Høj / Middel / Lav).
import { RC_BAND_LABELS } from '@samspil/core';

const da = {
  empty: 'Der er ingen RC-resultater at vise.',
  bands: { ...RC_BAND_LABELS.da, suppressed: 'skjult', none: 'ingen data' },
  asymmetric: 'asymmetrisk',
  legend: 'Signaturforklaring',
  legendDiagonal: 'Diagonalen er relationen inden for gruppen, med egne grænser',
  caption: 'Relationel koordinering. Rækker: gruppen, der vurderer. Kolonner: gruppen, der bliver vurderet.',
  corner: 'Fra \\ til',
  summary: 'Sammenfatning',
  weakest: (list: string) => `Svageste relationer: ${list}.`,
  noWeakest: 'Ingen relationer mellem grupperne har nok besvarelser til en score.',
  asymmetries: (list: string) => `Mest asymmetriske par: ${list}.`,
  noAsymmetries: 'Ingen asymmetriske par.',
  versus: 'mod',
};

export type RcHeatmapMessages = typeof da;

const en: RcHeatmapMessages = {
  empty: 'There are no RC results to show.',
  bands: { ...RC_BAND_LABELS.en, suppressed: 'suppressed', none: 'no data' },
  asymmetric: 'asymmetric',
  legend: 'Legend',
  legendDiagonal: 'The diagonal is the tie within a group, with its own limits',
  caption: 'Relational coordination. Rows: the rating group. Columns: the rated group.',
  corner: 'From \\ to',
  summary: 'Summary',
  weakest: (list) => `Weakest ties: ${list}.`,
  noWeakest: 'No tie between groups has enough respondents for a score.',
  asymmetries: (list) => `Most asymmetric pairs: ${list}.`,
  noAsymmetries: 'No asymmetric pairs.',
  versus: 'vs',
};

export const messages = { da, en };
