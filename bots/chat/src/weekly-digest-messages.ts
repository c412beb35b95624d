// The texts of a head of department's weekly digest (issue 27), in Danish and English; part of
// `Messages` (messages.ts). Numbers, reasons and department names only.

const da = {
  weeklyTitle: (week: number) => `Ugens overblik over samarbejdet, uge ${week}`,
  weeklyUnder: (k: number) => `under ${k}`,
  weeklyOpen: (now: string, change: string | undefined, weeks: number) => `Åbne koordineringer: ${now}${change === undefined ? '' : ` (${change} på ${weeks} uger)`}`,
  weeklyStalled: (now: string, change: string | undefined, weeks: number) => `Sager gået i stå nu: ${now}${change === undefined ? '' : ` (${change} på ${weeks} uger)`}`,
  weeklyByReason: 'Gået i stå nu, efter årsag',
  weeklyReason: (reason: string, n: string) => `${reason}: ${n}`,
  weeklyPairs: 'De forvaltningspar med flest stop pr. fælles sag',
  weeklyPair: (a: string, b: string, perCase: string | undefined, episodes: string, cases: string, rc: string | undefined) =>
    `${a} og ${b}: ${perCase === undefined ? `${episodes} stop i ${cases} fælles sager` : `${perCase} stop pr. fælles sag (${episodes} i ${cases} sager)`}${rc === undefined ? '' : `, RC ${rc}`}`,
  weeklyNoPairs: 'Ingen stop mellem forvaltninger i perioden.',
  weeklyNote: (k: number) => `Tal fra 1 til ${k - 1} vises som "under ${k}". Uden navne og sager: se dem i lederoverblikket.`,
  weeklyOpenOverview: 'Åbn lederoverblikket',
};

export type WeeklyDigestMessages = typeof da;

const en: WeeklyDigestMessages = {
  weeklyTitle: (week) => `The week's overview of the collaboration, week ${week}`,
  weeklyUnder: (k) => `under ${k}`,
  weeklyOpen: (now, change, weeks) => `Open coordinations: ${now}${change === undefined ? '' : ` (${change} over ${weeks} weeks)`}`,
  weeklyStalled: (now, change, weeks) => `Cases stalled now: ${now}${change === undefined ? '' : ` (${change} over ${weeks} weeks)`}`,
  weeklyByReason: 'Stalled now, by reason',
  weeklyReason: (reason, n) => `${reason}: ${n}`,
  weeklyPairs: 'The department pairs with the most stalls per shared case',
  weeklyPair: (a, b, perCase, episodes, cases, rc) =>
    `${a} and ${b}: ${perCase === undefined ? `${episodes} stalls in ${cases} shared cases` : `${perCase} stalls per shared case (${episodes} in ${cases} cases)`}${rc === undefined ? '' : `, RC ${rc}`}`,
  weeklyNoPairs: 'No stalls between departments in the period.',
  weeklyNote: (k) => `Counts from 1 to ${k - 1} are shown as "under ${k}". No names and no cases: see them in the leaders' overview.`,
  weeklyOpenOverview: "Open the leaders' overview",
};

export const weeklyDigestMessages = { da, en };
