import { describe, expect, it } from 'vitest';
import { hasCpr, Id, validate } from '../src/index.js';

describe('hasCpr', () => {
  it('finds a CPR number in the forms people type', () => {
    for (const typed of ['010190-1234', '0101901234', '010190 1234', '010190–1234', '010190\u00a01234', '01.01.90-1234', '01.01.901234', 'Borger 010190-1234 ringede', 'SAG010190-1234']) {
      expect(hasCpr(typed), typed).toBe(true);
    }
  });

  it('in any script\'s digits and with any separators people type', () => {
    const forms = [
      '01-01-90-1234',
      '01/01/90-1234',
      '01 01 90 1234',
      '01.01.90.1234',
      '010190\u20131234', // en dash
      '010190\u20141234', // em dash
      '010190\u22121234', // minus sign
      '010190 - 1234',
      '\uFF10\uFF11\uFF10\uFF11\uFF19\uFF10-\uFF11\uFF12\uFF13\uFF14', // full-width
      '\uFF10\uFF11\uFF0E\uFF10\uFF11\uFF0E\uFF19\uFF10\uFF0D\uFF11\uFF12\uFF13\uFF14', // full-width dots and hyphen
      '\u0660\u0661\u0660\u0661\u0669\u0660-\u0661\u0662\u0663\u0664', // Arabic-Indic
      '\u06F0\u06F1\u06F0\u06F1\u06F9\u06F0\u06F1\u06F2\u06F3\u06F4', // Eastern Arabic-Indic
      '\u0966\u0967\u0966\u0967\u096F\u0966-\u0967\u0968\u0969\u096A', // Devanagari
      '\u{1D7CE}\u{1D7CF}\u{1D7CE}\u{1D7CF}\u{1D7D7}\u{1D7CE}\u{1D7CF}\u{1D7D0}\u{1D7D1}\u{1D7D2}', // mathematical bold digits (runs of ten adjoin there)
      '\u{1D7E2}\u{1D7E3}\u{1D7E2}\u{1D7E3}\u{1D7EB}\u{1D7E2}\u{1D7E3}\u{1D7E4}\u{1D7E5}\u{1D7E6}', // the third adjoining run
      'Borger 01/01/90-1234 ringede',
    ];
    for (const typed of forms) expect(hasCpr(typed), typed).toBe(true);
    // The same digits in other scripts, where they are no date, are not one.
    expect(hasCpr('\u0663\u0662\u0660\u0661\u0669\u0660-\u0661\u0662\u0663\u0664')).toBe(false); // 320190
    expect(hasCpr('01-13-90-1234')).toBe(false); // no 13th month
  });

  it('stays linear on long texts', () => {
    const long = '0101 '.repeat(200_000) + '\uFF10'.repeat(100_000);
    const started = performance.now();
    expect(hasCpr(long)).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('only where the first six digits are a date (day 01-31, month 01-12)', () => {
    expect(hasCpr('SAG-2026-0412')).toBe(false);
    expect(hasCpr('2026-11-24')).toBe(false);
    expect(hasCpr('320190-1234')).toBe(false); // no 32nd
    expect(hasCpr('011390-1234')).toBe(false); // no 13th month
    expect(hasCpr('000190-1234')).toBe(false);
    expect(hasCpr('300290-1234')).toBe(true); // past the month's end, but refusing too much is the safe side
    expect(hasCpr('290296-1234')).toBe(true); // 1996
    expect(hasCpr('01.0190-1234')).toBe(false); // dots on one side only
    expect(hasCpr('12345678901')).toBe(false); // eleven digits: some other number
    expect(hasCpr('iv-2026-0412-x')).toBe(false);
  });

  it('keeps CPR numbers out of every identifier', () => {
    const r = validate(Id, '01.01.90 1234');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]!.message).toBe('must not contain a CPR number');
    expect(validate(Id, 'SAG-2026-0412').ok).toBe(true);
  });
});
