import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessDays, BusinessCalendar, calendarOf, dayOf, isoOfDay, isWorkingMoment, nextWorkingMoment, weekday } from '../src/calendar.js';
import { coordinatorNeeded } from '../src/checks/stall.js';
import { calendarSettings, TenantSettings } from '../src/schemas/settings.js';
import { StallRules, stallRulesOf } from '../src/schemas/stall.js';
import { validate } from '../src/validate.js';

const iso = (ms: number) => new Date(ms).toISOString();

describe('TenantSettings', () => {
  it("defaults to today's behaviour: Monday to Friday 08:00-16:00 Copenhagen, Danish holidays, handover 2, two departments, k 3, disagreements 5, no rooms", () => {
    expect(TenantSettings.parse({})).toEqual({
      workingDays: [1, 2, 3, 4, 5],
      workingHours: { start: '08:00', end: '16:00' },
      timeZone: 'Europe/Copenhagen',
      publicHolidays: 'dk',
      handoverBusinessDays: 2,
      coordinator: { kind: 'departments', atLeast: 2 },
      minRespondents: 3,
      disagreementBusinessDays: 5,
      rooms: [],
    });
    expect(stallRulesOf({}, [])).toEqual(StallRules.parse({}));
  });

  it('refuses an unknown time zone, hours that end before they start, a weekday twice, a combination of one department', () => {
    const problems = (input: unknown) => (r => (r.ok ? [] : r.issues.map((i) => i.path)))(validate(TenantSettings, input));
    expect(problems({ timeZone: 'Europe/Aarhus' })).toEqual(['timeZone']);
    expect(problems({ timeZone: 'UTC+1' })).toEqual(['timeZone']);
    expect(problems({ workingHours: { start: '16:00', end: '08:00' } })).toEqual(['workingHours']);
    expect(problems({ workingHours: { start: '8:00', end: '16:00' } })).toContain('workingHours.start');
    expect(problems({ workingDays: [1, 1] })).toEqual(['workingDays']);
    expect(problems({ workingDays: [0] })).toEqual(['workingDays[0]']);
    expect(problems({ coordinator: { kind: 'combinations', combinations: [['jobcenter']] } })).toEqual(['coordinator.combinations[0]']);
    expect(problems({ timeZone: 'America/Nuuk', workingHours: { start: '12:00', end: '24:00' }, handoverBusinessDays: 5 })).toEqual([]);
  });

  it('gives the stall rules its handover days, coordinator rule and the closing days', () => {
    const rule = { kind: 'combinations' as const, combinations: [['jobcenter', 'familie']] };
    expect(stallRulesOf({ handoverBusinessDays: 4, coordinator: rule }, ['2026-12-24'])).toMatchObject({ handoverBusinessDays: 4, coordinator: rule, closingDays: ['2026-12-24'] });
  });
});

describe('coordinatorNeeded', () => {
  it('by default when two or more departments take part', () => {
    expect(coordinatorNeeded(['jobcenter'])).toBe(false);
    expect(coordinatorNeeded(['jobcenter', 'jobcenter'])).toBe(false);
    expect(coordinatorNeeded(['jobcenter', 'familie'])).toBe(true);
    expect(coordinatorNeeded(['a', 'b'], { kind: 'departments', atLeast: 3 })).toBe(false);
  });

  it('under named combinations, when the departments include one of them', () => {
    const rule = { kind: 'combinations' as const, combinations: [['jobcenter', 'familie'], ['psykiatri', 'misbrug', 'jobcenter']] };
    expect(coordinatorNeeded(['jobcenter', 'sundhed'], rule)).toBe(false);
    expect(coordinatorNeeded(['familie', 'sundhed', 'jobcenter'], rule)).toBe(true);
    expect(coordinatorNeeded(['psykiatri', 'jobcenter'], rule)).toBe(false);
    expect(coordinatorNeeded(['misbrug', 'psykiatri', 'jobcenter'], rule)).toBe(true);
  });
});

describe('business days across weekends and closing days', () => {
  it('skips the weekend, public holidays and the closing days', () => {
    // Wed 23 Dec 2026 + 1: Thu 24 Dec is a closing day, 25-27 holidays and the weekend, so Mon 28 Dec.
    expect(addBusinessDays('2026-12-23', 1, { closingDays: ['2026-12-24'] })).toBe('2026-12-28');
    expect(addBusinessDays('2026-12-23', 1)).toBe('2026-12-24');
    // Fri 27 Nov + 3: Mon, Tue, Wed.
    expect(addBusinessDays('2026-11-27', 3)).toBe('2026-12-02');
    // A municipality open on Saturdays.
    expect(addBusinessDays('2026-11-27', 1, { workingDays: [1, 2, 3, 4, 5, 6] })).toBe('2026-11-28');
    expect(addBusinessDays('2026-11-27', 0)).toBe('2026-11-27');
  });

  it('never lands on a day off, and counts exactly n business days (property)', () => {
    const day = fc.integer({ min: dayOf('2020-01-01'), max: dayOf('2030-12-31') });
    const closing = fc.uniqueArray(day, { maxLength: 20 }).map((ds) => ds.map(isoOfDay));
    const workingDays = fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 });
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 40 }), closing, workingDays, (from, n, closingDays, days) => {
        const cal = new BusinessCalendar({ closingDays, workingDays: days });
        const to = cal.addBusinessDays(from, n);
        expect(cal.isBusinessDay(to)).toBe(true);
        expect(cal.businessDaysBetween(from, to)).toBe(n);
        expect(closingDays).not.toContain(isoOfDay(to));
        expect(days).toContain(weekday(to) || 7);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the closing-days constructor the server uses', () => {
    const cal = new BusinessCalendar(['2026-11-30']);
    expect(isoOfDay(cal.addBusinessDays(dayOf('2026-11-27'), 1))).toBe('2026-12-01');
    expect(iso(cal.endOfBusinessDays(Date.parse('2026-11-02T14:00:00+01:00'), 10))).toBe('2026-11-16T23:00:00.000Z');
  });
});

describe('working moments', () => {
  it('Copenhagen 08:00-16:00 on business days by default', () => {
    expect(isWorkingMoment('2026-11-23T07:59:59+01:00')).toBe(false);
    expect(isWorkingMoment('2026-11-23T08:00:00+01:00')).toBe(true);
    expect(isWorkingMoment('2026-11-23T15:59:59+01:00')).toBe(true);
    expect(isWorkingMoment('2026-11-23T16:00:00+01:00')).toBe(false);
    expect(isWorkingMoment('2026-11-28T10:00:00+01:00')).toBe(false); // Saturday
    // Friday evening: Monday 08:00; Monday early: the same day 08:00; in working hours: itself.
    expect(iso(nextWorkingMoment('2026-11-27T17:00:00+01:00'))).toBe('2026-11-30T07:00:00.000Z');
    expect(iso(nextWorkingMoment('2026-11-30T06:00:00+01:00'))).toBe('2026-11-30T07:00:00.000Z');
    expect(iso(nextWorkingMoment(new Date('2026-11-30T09:30:00+01:00')))).toBe('2026-11-30T08:30:00.000Z');
    // Summer time: 08:00 CEST.
    expect(iso(nextWorkingMoment('2026-06-05T20:00:00+02:00', { closingDays: ['2026-06-05'] }))).toBe('2026-06-08T06:00:00.000Z');
  });

  it('a municipality with evening hours', () => {
    const evening = calendarSettings({ workingHours: { start: '12:00', end: '21:00' } });
    expect(isWorkingMoment('2026-11-23T20:30:00+01:00', evening)).toBe(true);
    expect(isWorkingMoment('2026-11-23T20:30:00+01:00')).toBe(false);
    expect(isWorkingMoment('2026-11-23T11:00:00+01:00', evening)).toBe(false);
    expect(iso(nextWorkingMoment('2026-11-23T21:00:00+01:00', evening))).toBe('2026-11-24T11:00:00.000Z');
    const late = calendarSettings({ workingHours: { start: '16:00', end: '24:00' } });
    expect(isWorkingMoment('2026-11-23T23:59:00+01:00', late)).toBe(true);
    expect(isWorkingMoment('2026-11-24T00:00:00+01:00', late)).toBe(false);
  });

  it('a municipality in another time zone (Nuuk), its days and hours its own', () => {
    const nuuk = calendarSettings({ timeZone: 'America/Nuuk', workingHours: { start: '08:00', end: '16:00' } });
    // Nuuk is UTC-2 in winter (since 2023): 08:00 there is 10:00 UTC, 11:00 in Copenhagen.
    expect(isWorkingMoment('2026-11-23T09:59:00Z', nuuk)).toBe(false);
    expect(isWorkingMoment('2026-11-23T10:00:00Z', nuuk)).toBe(true);
    expect(isWorkingMoment('2026-11-23T17:30:00Z', nuuk)).toBe(true); // 15:30 in Nuuk, 18:30 in Copenhagen
    expect(isWorkingMoment('2026-11-23T17:30:00Z')).toBe(false);
    expect(iso(nextWorkingMoment('2026-11-27T18:00:00Z', nuuk))).toBe('2026-11-30T10:00:00.000Z');
    // Days end at Nuuk's midnight: Monday 23:30 UTC is still Monday there.
    const cal = calendarOf(nuuk);
    expect(isoOfDay(cal.localDay(Date.parse('2026-11-23T23:30:00Z')))).toBe('2026-11-23');
    expect(iso(cal.endOfBusinessDays(Date.parse('2026-11-23T12:00:00Z'), 2))).toBe('2026-11-26T02:00:00.000Z');
  });

  it('finds the next working moment in any zone and hours (property)', () => {
    const zones = fc.constantFrom('Europe/Copenhagen', 'America/Nuuk', 'Atlantic/Faroe', 'Europe/London', 'Pacific/Auckland');
    const clock = fc.integer({ min: 0, max: 47 }).map((h) => `${String(Math.floor(h / 2)).padStart(2, '0')}:${h % 2 ? '30' : '00'}`);
    const hours = fc.tuple(clock, clock).filter(([a, b]) => a < b).map(([start, end]) => ({ start, end }));
    const at = fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2028-01-01T00:00:00Z') });
    fc.assert(
      fc.property(zones, hours, at, (timeZone, workingHours, ms) => {
        const cal = new BusinessCalendar({ timeZone, workingHours });
        const next = cal.nextWorkingMoment(ms);
        expect(next).toBeGreaterThanOrEqual(ms);
        expect(cal.isWorkingMoment(next)).toBe(true);
        // Nothing earlier after `ms` is a working moment (checked on the quarter hours).
        for (let t = Math.ceil(ms / 900_000) * 900_000; t < next; t += 900_000) expect(cal.isWorkingMoment(t)).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('puts a local time the clocks skip after the skip, and one they pass twice at the first', () => {
    const cal = new BusinessCalendar({ timeZone: 'Europe/Copenhagen' });
    expect(iso(cal.instantOf(dayOf('2026-03-29'), 2 * 60 + 30))).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
    expect(iso(cal.instantOf(dayOf('2026-10-25'), 2 * 60 + 30))).toBe('2026-10-25T00:30:00.000Z'); // the first 02:30
    expect(iso(cal.startOfDay(dayOf('2026-03-29')))).toBe('2026-03-28T23:00:00.000Z');
  });
});
