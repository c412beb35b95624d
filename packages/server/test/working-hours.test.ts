// When a weekly digest is for: the week's first business day, from the start of its working hours,
// in the municipality's own calendar; never another day of the week, so a clock that jumps finds
// only the week it is in.
import { BusinessCalendar, dayOf, isoOfDay } from '@samspil/core';
import { describe, expect, it } from 'vitest';
import { workingWeekBegun } from '../src/working-hours.js';

const week = (at: string, calendar = new BusinessCalendar()) => {
  const monday = workingWeekBegun(new Date(at), calendar);
  return monday === undefined ? undefined : isoOfDay(monday);
};

describe('workingWeekBegun', () => {
  it('is Monday from 08:00 in Copenhagen, and no other day or hour', () => {
    expect(week('2026-12-07T07:59:00+01:00')).toBeUndefined();
    expect(week('2026-12-07T08:00:00+01:00')).toBe('2026-12-07');
    expect(week('2026-12-07T17:00:00+01:00')).toBe('2026-12-07'); // later that day: the same week (the outbox keeps it once)
    expect(week('2026-12-08T09:00:00+01:00')).toBeUndefined();
    expect(week('2026-12-13T09:00:00+01:00')).toBeUndefined(); // Sunday
  });

  it('is the Tuesday after a closed Monday (Easter Monday, a closing day)', () => {
    expect(week('2027-03-29T09:00:00+02:00')).toBeUndefined();
    expect(week('2027-03-30T08:30:00+02:00')).toBe('2027-03-29');
    expect(week('2026-12-08T09:00:00+01:00', new BusinessCalendar({ closingDays: ['2026-12-07'] }))).toBe('2026-12-07');
  });

  it('follows the municipality’s working days, hours and time zone', () => {
    const nuuk = new BusinessCalendar({ timeZone: 'America/Nuuk', workingDays: [2, 3, 4, 5, 6], workingHours: { start: '07:00', end: '15:00' } });
    expect(week('2026-12-07T12:00:00Z', nuuk)).toBeUndefined(); // Monday is not worked there
    expect(week('2026-12-08T08:30:00Z', nuuk)).toBeUndefined(); // Tuesday 06:30 local (UTC-2)
    expect(week('2026-12-08T09:00:00Z', nuuk)).toBe(isoOfDay(dayOf('2026-12-07'))); // 07:00 local
  });
});
