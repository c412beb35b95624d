// Issue 28: what chat may say of what the citizen wrote in their portal before a meeting: that they
// did (since the last follow-up held), never what. The citizen's words are not even in the card's input.
import type { CaseOverview } from '@samspil/server';
import { describe, expect, it } from 'vitest';
import { planCard, type Format } from '../src/index.js';

const f: Format = { text: (v) => v, bold: (v) => `**${v}**`, person: (id) => (id ? `@${id}` : '–') };
const now = Date.parse('2026-12-07T10:00:00+01:00');
const overview = (citizenWroteAt: string | undefined, heldAt?: string): CaseOverview => ({
  coordination: 'open',
  reasons: [],
  case: { reference: 'SAG-1', tenant: 't', status: 'active', departments: ['job'], participants: [], consent: null, coordinator: { current: 'p1', history: [] }, openedAt: '2026-10-01T08:00:00Z', lastActivityAt: '2026-11-01T08:00:00Z' },
  plan: { version: 1, citizenWishes: 'Jeg vil arbejde', overallGoal: { kind: 'employment' }, subGoals: [], interventions: [], followUps: [{ date: '2026-11-20', ...(heldAt ? { heldAt } : {}) }, { date: '2026-12-15' }] },
  citizenWroteAt,
});
const facts = (o: CaseOverview, locale: 'da' | 'en' = 'da') => planCard({ ...o, departmentNames: {}, now }, f, locale).facts;

describe('the plan card in chat and the citizen\'s voice', () => {
  it('says only that the citizen has written before the meeting', () => {
    expect(facts(overview('2026-12-05T09:00:00Z'))).toContainEqual({ label: 'Borgeren', value: 'Borgeren har skrevet før mødet (læs det i fagsystemet)' });
    expect(facts(overview('2026-12-05T09:00:00Z'), 'en')).toContainEqual({ label: 'The citizen', value: 'The citizen has written before the meeting (read it in the case system)' });
  });

  it('says nothing when the citizen wrote nothing, or nothing since the last follow-up held', () => {
    expect(facts(overview(undefined)).map((x) => x.label)).not.toContain('Borgeren');
    expect(facts(overview('2026-11-19T09:00:00Z', '2026-11-20T10:00:00Z')).map((x) => x.label)).not.toContain('Borgeren');
    expect(facts(overview('2026-11-21T09:00:00Z', '2026-11-20T10:00:00Z')).map((x) => x.label)).toContain('Borgeren');
  });
});
