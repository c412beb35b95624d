// A head of department's weekly digest as a view: numbers, "under k", reason labels and
// department names, in Danish and English; a department's name is data, escaped by the platform.
import type { OutboxPayloadOf } from '@samspil/server';
import { describe, expect, it } from 'vitest';
import { overviewUrl, weeklyDigestMessage, type Format } from '../src/index.js';

const f: Format = { text: (v) => v.replace(/</g, '&lt;'), bold: (v) => `*${v}*`, person: (id) => `@${id}` };

const digest: OutboxPayloadOf<'weekly-digest'> = {
  week: '2026-12-07',
  weekNumber: 50,
  weeks: 12,
  k: 3,
  openCoordinations: { now: 12, before: 15, change: -3 },
  stalled: { now: { under: 3 }, before: 4, change: null, byReason: { 'stall.no-activity': { under: 3 }, 'stall.unknown-rule': 4 } },
  worstPairs: [{ a: { id: 'job', name: 'Job<center>' }, b: { id: 'fam', name: 'Familie' }, sharedCases: 6, episodes: 9, episodesPerCase: 1.5, rc: 3.25 }],
};

describe('the weekly digest', () => {
  it('says the trend, the stalled by reason and the worst pairs in Danish, with the link', () => {
    const m = weeklyDigestMessage(digest, f, 'da', overviewUrl('https://samspil.example.dk/'));
    const text = JSON.stringify(m);
    expect(m.title).toBe('Ugens overblik over samarbejdet, uge 50');
    expect(text).toContain('Åbne koordineringer: 12 (−3 på 12 uger)');
    expect(text).toContain('Sager gået i stå nu: under 3"'); // no change beside a suppressed count
    expect(text).toContain('ingen aktivitet: under 3');
    expect(text).toContain('stall.unknown-rule: 4'); // a reason without a label shows its code
    expect(m.sections[1]!.items).toEqual(['stall.unknown-rule: 4', 'ingen aktivitet: under 3']); // most first
    expect(text).toContain('Job&lt;center> og Familie: 1,50 stop pr. fælles sag (9 i 6 sager), RC 3,3');
    expect(m.link).toEqual({ url: 'https://samspil.example.dk/examples/host-vanilla/leader.html#leader-heading', label: 'Åbn lederoverblikket' });
  });

  it('in English; without pairs it says so, and without a public address it has no link', () => {
    const m = weeklyDigestMessage({ ...digest, openCoordinations: { now: 5, before: 5, change: 0 }, worstPairs: [] }, f, 'en');
    const text = JSON.stringify(m);
    expect(m.title).toBe("The week's overview of the collaboration, week 50");
    expect(text).toContain('Open coordinations: 5 (±0 over 12 weeks)');
    expect(text).toContain('No stalls between departments in the period.');
    expect(m.link).toBeUndefined();
  });
});
