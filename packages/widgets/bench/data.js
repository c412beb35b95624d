// The bench's synthetic RC result: `groups` groups, every pair a tie (some suppressed), `shift` varying the scores.
const ITEMS = ['frequent', 'timely', 'accurate', 'problem_solving', 'shared_goals', 'shared_knowledge', 'mutual_respect'];

export function rcResult(groups, shift) {
  const names = Array.from({ length: groups }, (_, i) => `Faggruppe ${i + 1}`);
  const ties = [];
  names.forEach((from, i) =>
    names.forEach((to, j) => {
      const n = (i * 7 + j * 3) % 11 === 0 ? 2 : 3 + ((i + j) % 20);
      const suppressed = n < 3;
      const score = 1.5 + ((i * 13 + j * 7 + shift) % 35) / 10;
      const band = suppressed ? null : i === j ? (score > 4.5 ? 'strong' : score >= 4 ? 'moderate' : 'weak') : score > 4 ? 'strong' : score >= 3.5 ? 'moderate' : 'weak';
      ties.push({ from, to, n, score: suppressed ? null : score, band, suppressed, dimensions: suppressed ? null : Object.fromEntries(ITEMS.map((k, d) => [k, Math.min(5, score + d / 20)])) });
    }),
  );
  return { groups: names, ties, overall: 3.4, asymmetries: [{ a: names[0], b: names[1], gap: 0.8 }], ratings: { total: 50000, counted: 48000, excluded: 2000 } };
}
