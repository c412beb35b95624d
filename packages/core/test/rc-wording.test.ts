import { describe, expect, it } from 'vitest';
import { RC_ITEMS } from '../src/schemas/rc.js';
import { RC_LOCALES, RC_WORDING, RcWordingOverride, rcQuestion, rcWording } from '../src/rc/wording.js';
import { validate } from '../src/validate.js';

describe('the RC wording', () => {
  it('words every dimension in Danish and English, each with a question about the partner group and five answers', () => {
    for (const locale of RC_LOCALES) {
      expect(Object.keys(RC_WORDING[locale]).sort()).toEqual([...RC_ITEMS].sort());
      for (const item of RC_ITEMS) {
        const w = RC_WORDING[locale][item];
        expect(w.question, `${locale} ${item}`).toContain('{group}');
        expect(w.scale).toHaveLength(5);
        expect(new Set(w.scale).size, `${locale} ${item} answers differ`).toBe(5);
      }
    }
    expect(RC_WORDING.da.frequent.question).not.toBe(RC_WORDING.en.frequent.question);
  });

  it("puts a tenant's override in place of one item in one language, leaving the rest ours", () => {
    const overrides = [
      { item: 'timely', locale: 'en', question: 'Licensed: do people in {group} tell you in time?' },
      { item: 'mutual_respect', locale: 'da', question: 'Licenseret respekt', scale: ['a', 'b', 'c', 'd', 'e'] },
    ] as RcWordingOverride[];
    const en = rcWording('en', overrides);
    expect(en.timely).toMatchObject({ question: 'Licensed: do people in {group} tell you in time?', scale: RC_WORDING.en.timely.scale, source: 'tenant' });
    expect(en.mutual_respect).toEqual({ ...RC_WORDING.en.mutual_respect, source: 'samspil' });
    const da = rcWording('da', overrides);
    expect(da.mutual_respect).toMatchObject({ question: 'Licenseret respekt', scale: ['a', 'b', 'c', 'd', 'e'], source: 'tenant' });
    expect(da.timely.source).toBe('samspil');
    expect(rcQuestion(en.timely, 'Jobcenter')).toBe('Licensed: do people in Jobcenter tell you in time?');
  });

  it('accepts an override only for a known item and language, with text and exactly five answers', () => {
    expect(validate(RcWordingOverride, { item: 'timely', locale: 'da', question: 'Spørgsmål' }).ok).toBe(true);
    expect(validate(RcWordingOverride, { item: 'speed', locale: 'da', question: 'x' }).ok).toBe(false);
    expect(validate(RcWordingOverride, { item: 'timely', locale: 'de', question: 'x' }).ok).toBe(false);
    expect(validate(RcWordingOverride, { item: 'timely', locale: 'da', question: '  ' }).ok).toBe(false);
    expect(validate(RcWordingOverride, { item: 'timely', locale: 'da', question: 'x', scale: ['1', '2', '3', '4'] }).ok).toBe(false);
  });
});
