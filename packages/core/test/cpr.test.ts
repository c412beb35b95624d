import { describe, expect, it } from 'vitest';
import { hasCpr, Id, validate } from '../src/index.js';

describe('hasCpr', () => {
  it('finds a CPR number in the forms people type', () => {
    for (const typed of ['010190-1234', '0101901234', '010190 1234', '010190–1234', '010190\u00a01234', '01.01.90-1234', '01.01.901234', 'Borger 010190-1234 ringede', 'SAG010190-1234']) {
      expect(hasCpr(typed), typed).toBe(true);
    }
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
