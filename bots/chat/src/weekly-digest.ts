// A head of department's weekly digest in chat (issue 27): the week's overview of their
// departments in numbers (open coordinations and stalled cases with their change over the trend,
// the stalled by reason, the worst department pairs) and a link to the leaders' overview. Pure,
// like views.ts: counts, reason labels and department names, never a person or a case.
import type { Locale } from '@samspil/core';
import type { OutboxPayloadOf } from '@samspil/server';
import { messages } from './messages.js';
import type { Format, TextModel } from './views.js';

type ShownCount = number | { under: number };

/**
 * Where the leaders' overview is: the example host's leader page (what a vendor's case system
 * shows with an overview widget token), as the RC results link to its heatmap page.
 */
export function overviewUrl(publicUrl: string): string {
  return `${publicUrl.replace(/\/$/, '')}/examples/host-vanilla/leader.html#leader-heading`;
}

const localeTag = (locale: Locale) => (locale === 'da' ? 'da-DK' : 'en-GB');

export function weeklyDigestMessage(d: OutboxPayloadOf<'weekly-digest'>, f: Format, locale: Locale, url?: string): TextModel {
  const t = messages[locale];
  const count = (c: ShownCount) => (typeof c === 'number' ? String(c) : t.weeklyUnder(c.under));
  const change = (n: number | null) => (n === null ? undefined : n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '±0');
  const decimal = (x: number, digits: number) => x.toLocaleString(localeTag(locale), { minimumFractionDigits: digits, maximumFractionDigits: digits });
  // Most first ("under k" below k); the stored payload (jsonb) does not keep the keys' order.
  const size = (c: ShownCount) => (typeof c === 'number' ? c : c.under - 0.5);
  const reasons = Object.entries(d.stalled.byReason)
    .sort(([a, x], [b, y]) => size(y) - size(x) || a.localeCompare(b))
    .map(([code, n]) => t.weeklyReason(t.reason[code] ?? code, count(n)));
  const pairs = d.worstPairs.map((p) =>
    t.weeklyPair(f.text(p.a.name), f.text(p.b.name), p.episodesPerCase === null ? undefined : decimal(p.episodesPerCase, 2), count(p.episodes), count(p.sharedCases), p.rc === null ? undefined : decimal(p.rc, 1)),
  );
  return {
    title: t.weeklyTitle(d.weekNumber),
    sections: [
      { title: '', items: [t.weeklyOpen(count(d.openCoordinations.now), change(d.openCoordinations.change), d.weeks), t.weeklyStalled(count(d.stalled.now), change(d.stalled.change), d.weeks)] },
      ...(reasons.length ? [{ title: t.weeklyByReason, items: reasons }] : []),
      { title: t.weeklyPairs, items: pairs.length ? pairs : [t.weeklyNoPairs] },
    ],
    note: t.weeklyNote(d.k),
    ...(url ? { link: { url, label: t.weeklyOpenOverview } } : {}),
  };
}
