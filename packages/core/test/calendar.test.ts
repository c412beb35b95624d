import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BusinessCalendar,
  copenhagenDay,
  copenhagenMinuteOfDay,
  copenhagenOffset,
  danishHolidays,
  dayOf,
  easterSunday,
  isoOfDay,
  startOfCopenhagenDay,
  weekday,
} from '../src/calendar.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Holidays of a year as `date → English name`. */
function holidayMap(year: number): Map<string, string> {
  return new Map(danishHolidays(year).map((h) => [h.date, h.name.en]));
}

describe('dayOf / isoOfDay / weekday', () => {
  it('round-trips dates and knows the weekday', () => {
    expect(dayOf('1970-01-01')).toBe(0);
    expect(isoOfDay(dayOf('2026-12-24'))).toBe('2026-12-24');
    expect(weekday(dayOf('1970-01-01'))).toBe(4); // Thursday
    expect(weekday(dayOf('2026-12-24'))).toBe(4); // Thursday
    expect(weekday(dayOf('2026-12-26'))).toBe(6); // Saturday
    expect(weekday(dayOf('2026-12-27'))).toBe(0); // Sunday
  });
});

describe('easterSunday', () => {
  it.each([
    [2019, '2019-04-21'],
    [2023, '2023-04-09'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
  ])('Easter %i is %s', (year, date) => {
    expect(isoOfDay(easterSunday(year))).toBe(date);
    expect(weekday(easterSunday(year))).toBe(0);
  });
});

describe('danishHolidays', () => {
  it('lists the moveable and fixed holidays of 2026', () => {
    expect(Object.fromEntries(holidayMap(2026))).toEqual({
      '2026-01-01': "New Year's Day",
      '2026-04-02': 'Maundy Thursday',
      '2026-04-03': 'Good Friday',
      '2026-04-05': 'Easter Sunday',
      '2026-04-06': 'Easter Monday',
      '2026-05-14': 'Ascension Day',
      '2026-05-24': 'Whit Sunday',
      '2026-05-25': 'Whit Monday',
      '2026-12-25': 'Christmas Day',
      '2026-12-26': 'Boxing Day',
    });
  });

  it('places the Easter-based holidays relative to Easter in 2024, 2025 and 2027', () => {
    const h2024 = holidayMap(2024);
    expect(h2024.get('2024-03-28')).toBe('Maundy Thursday');
    expect(h2024.get('2024-03-29')).toBe('Good Friday');
    expect(h2024.get('2024-04-01')).toBe('Easter Monday');
    expect(h2024.get('2024-05-09')).toBe('Ascension Day');
    expect(h2024.get('2024-05-19')).toBe('Whit Sunday');
    expect(h2024.get('2024-05-20')).toBe('Whit Monday');

    const h2025 = holidayMap(2025);
    expect(h2025.get('2025-04-17')).toBe('Maundy Thursday');
    expect(h2025.get('2025-04-18')).toBe('Good Friday');
    expect(h2025.get('2025-04-21')).toBe('Easter Monday');
    expect(h2025.get('2025-05-29')).toBe('Ascension Day');
    expect(h2025.get('2025-06-08')).toBe('Whit Sunday');
    expect(h2025.get('2025-06-09')).toBe('Whit Monday');

    const h2027 = holidayMap(2027);
    expect(h2027.get('2027-03-25')).toBe('Maundy Thursday');
    expect(h2027.get('2027-03-26')).toBe('Good Friday');
    expect(h2027.get('2027-03-29')).toBe('Easter Monday');
    expect(h2027.get('2027-05-06')).toBe('Ascension Day');
    expect(h2027.get('2027-05-16')).toBe('Whit Sunday');
    expect(h2027.get('2027-05-17')).toBe('Whit Monday');
  });

  it('has Great Prayer Day (4th Friday after Easter) up to 2023 only', () => {
    const h2023 = holidayMap(2023);
    expect(h2023.get('2023-05-05')).toBe('Great Prayer Day');
    expect(weekday(dayOf('2023-05-05'))).toBe(5);
    expect(danishHolidays(2023).find((h) => h.date === '2023-05-05')?.name.da).toBe('Store bededag');
    expect(h2023.size).toBe(11);

    for (const year of [2024, 2025, 2026, 2027, 2030]) {
      const names = [...holidayMap(year).values()];
      expect(names).not.toContain('Great Prayer Day');
      expect(names).toHaveLength(10);
    }
    // 2024's would have been 26 April.
    expect(holidayMap(2024).has('2024-04-26')).toBe(false);
  });

  it('names every holiday in Danish and English', () => {
    for (const h of danishHolidays(2026)) {
      expect(h.name.da).not.toBe('');
      expect(h.name.en).not.toBe('');
    }
    expect(danishHolidays(2026).find((h) => h.date === '2026-12-25')?.name.da).toBe('Juledag');
  });
});

describe('BusinessCalendar.isBusinessDay', () => {
  const cal = new BusinessCalendar(['2026-12-24', '2026-12-31']);
  const plain = new BusinessCalendar();
  const isBiz = (c: BusinessCalendar, d: string) => c.isBusinessDay(dayOf(d));

  it('excludes weekends', () => {
    expect(isBiz(plain, '2026-11-14')).toBe(false); // Saturday
    expect(isBiz(plain, '2026-11-15')).toBe(false); // Sunday
    expect(isBiz(plain, '2026-11-13')).toBe(true); // Friday
    expect(isBiz(plain, '2026-11-16')).toBe(true); // Monday
  });

  it('excludes public holidays, including weekday ones in other years', () => {
    for (const d of ['2026-01-01', '2026-04-02', '2026-04-03', '2026-04-06', '2026-05-14', '2026-05-25', '2026-12-25']) {
      expect(isBiz(plain, d), d).toBe(false);
    }
    expect(isBiz(plain, '2023-05-05')).toBe(false); // Great Prayer Day 2023
    expect(isBiz(plain, '2024-04-26')).toBe(true); // would-have-been Great Prayer Day 2024
    expect(isBiz(plain, '2027-01-01')).toBe(false); // Friday
    expect(isBiz(plain, '2027-03-25')).toBe(false);
  });

  it("excludes the municipality's closing days only when configured", () => {
    expect(isBiz(cal, '2026-12-24')).toBe(false);
    expect(isBiz(cal, '2026-12-31')).toBe(false);
    expect(isBiz(plain, '2026-12-24')).toBe(true);
    expect(isBiz(plain, '2026-12-31')).toBe(true);
    expect(isBiz(cal, '2026-12-23')).toBe(true);
    expect(isBiz(cal, '2026-12-28')).toBe(true);
  });
});

describe('BusinessCalendar.addBusinessDays', () => {
  const add = (c: BusinessCalendar, d: string, n: number) => isoOfDay(c.addBusinessDays(dayOf(d), n));

  it('skips weekends', () => {
    const cal = new BusinessCalendar();
    expect(add(cal, '2026-11-13', 1)).toBe('2026-11-16'); // Fri → Mon
    expect(add(cal, '2026-11-14', 1)).toBe('2026-11-16'); // from a Saturday
    expect(add(cal, '2026-11-02', 10)).toBe('2026-11-16');
  });

  it('skips Christmas and New Year, and closing days when configured', () => {
    const plain = new BusinessCalendar();
    const cal = new BusinessCalendar(['2026-12-24', '2026-12-31']);
    expect(add(plain, '2026-12-23', 1)).toBe('2026-12-24');
    expect(add(cal, '2026-12-23', 1)).toBe('2026-12-28');
    expect(add(plain, '2026-12-24', 1)).toBe('2026-12-28'); // 25 (holiday), 26 (holiday, Sat), 27 (Sun)
    expect(add(plain, '2026-12-30', 2)).toBe('2027-01-04'); // 31, then 1 Jan (holiday), weekend
    expect(add(cal, '2026-12-30', 1)).toBe('2027-01-04');
    expect(add(plain, '2026-12-18', 10)).toBe('2027-01-05');
    expect(add(cal, '2026-12-18', 10)).toBe('2027-01-07');
  });

  it('skips Easter', () => {
    const cal = new BusinessCalendar();
    expect(add(cal, '2026-04-01', 1)).toBe('2026-04-07'); // Maundy Thursday → Easter Monday skipped
    expect(add(cal, '2026-04-01', 10)).toBe('2026-04-20');
    expect(add(cal, '2027-03-24', 1)).toBe('2027-03-30');
  });
});

describe('BusinessCalendar.endOfBusinessDays', () => {
  const cal = new BusinessCalendar();
  const end = (iso: string, n: number) => new Date(cal.endOfBusinessDays(Date.parse(iso), n)).toISOString();

  it('ends at local midnight in winter (CET, UTC+1)', () => {
    expect(end('2026-01-05T10:00:00+01:00', 1)).toBe('2026-01-06T23:00:00.000Z');
    expect(end('2026-11-02T14:00:00+01:00', 10)).toBe('2026-11-16T23:00:00.000Z');
  });

  it('ends at local midnight in summer (CEST, UTC+2)', () => {
    expect(end('2026-06-02T10:00:00+02:00', 1)).toBe('2026-06-03T22:00:00.000Z');
  });

  it('counts from the local day, not the UTC day', () => {
    // 23:30 UTC on 5 January is 00:30 on 6 January in Copenhagen.
    expect(end('2026-01-05T23:30:00Z', 1)).toBe('2026-01-07T23:00:00.000Z');
    // 22:30 UTC on 2 June is 00:30 on 3 June in Copenhagen (summer time).
    expect(end('2026-06-02T22:30:00Z', 1)).toBe('2026-06-04T22:00:00.000Z');
  });

  it('crosses the daylight-saving switches', () => {
    // Fri 27 March 2026 + 1 → Mon 30 March, after the switch on Sun 29 March.
    expect(end('2026-03-27T12:00:00+01:00', 1)).toBe('2026-03-30T22:00:00.000Z');
    // Fri 23 October 2026 + 1 → Mon 26 October, after the switch back on Sun 25 October.
    expect(end('2026-10-23T12:00:00+02:00', 1)).toBe('2026-10-26T23:00:00.000Z');
  });
});

describe('startOfCopenhagenDay', () => {
  it('gives local midnight on and around the switch days', () => {
    const at = (d: string) => new Date(startOfCopenhagenDay(dayOf(d))).toISOString();
    expect(at('2026-03-28')).toBe('2026-03-27T23:00:00.000Z');
    expect(at('2026-03-29')).toBe('2026-03-28T23:00:00.000Z'); // switch day starts in CET
    expect(at('2026-03-30')).toBe('2026-03-29T22:00:00.000Z');
    expect(at('2026-10-25')).toBe('2026-10-24T22:00:00.000Z'); // switch day starts in CEST
    expect(at('2026-10-26')).toBe('2026-10-25T23:00:00.000Z');
  });
});

// --- agreement with the IANA time-zone database -------------------------------------------

const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Copenhagen',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Copenhagen wall-clock time of an instant, per Intl. */
function viaIntl(epochMs: number) {
  const parts = Object.fromEntries(formatter.formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  const [y, mo, d, h, mi, s] = ['year', 'month', 'day', 'hour', 'minute', 'second'].map((k) => Number(parts[k]));
  const localAsUtc = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  return {
    offset: localAsUtc - wholeSecond,
    day: Math.floor(Date.UTC(y!, mo! - 1, d!) / DAY),
    minuteOfDay: h! * 60 + mi!,
  };
}

/** Last Sunday of March or October at 01:00 UTC, when the clocks change. */
function switchInstant(year: number, month: 2 | 9): number {
  const last = Math.floor(Date.UTC(year, month + 1, 0) / DAY);
  return (last - weekday(last)) * DAY + HOUR;
}

const FROM = Date.UTC(1997, 0, 1);
const TO = Date.UTC(2037, 11, 31, 23, 59, 59);

const anyInstant = fc.integer({ min: FROM, max: TO });
const nearSwitch = fc
  .record({
    year: fc.integer({ min: 1997, max: 2037 }),
    month: fc.constantFrom(2 as const, 9 as const),
    delta: fc.integer({ min: -HOUR, max: HOUR }),
  })
  .map(({ year, month, delta }) => switchInstant(year, month) + delta);

describe('Copenhagen time without Intl', () => {
  it('agrees with Intl for random instants 1997–2037', () => {
    fc.assert(
      fc.property(anyInstant, (t) => {
        const expected = viaIntl(t);
        expect(copenhagenOffset(t)).toBe(expected.offset);
        expect(copenhagenDay(t)).toBe(expected.day);
        expect(copenhagenMinuteOfDay(t)).toBe(expected.minuteOfDay);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with Intl within an hour of the daylight-saving switches', () => {
    fc.assert(
      fc.property(nearSwitch, (t) => {
        const expected = viaIntl(t);
        expect(copenhagenOffset(t)).toBe(expected.offset);
        expect(copenhagenDay(t)).toBe(expected.day);
        expect(copenhagenMinuteOfDay(t)).toBe(expected.minuteOfDay);
      }),
      { numRuns: 2000 },
    );
  });

  it('switches exactly at 01:00 UTC', () => {
    const spring = switchInstant(2026, 2);
    const autumn = switchInstant(2026, 9);
    expect(new Date(spring).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(new Date(autumn).toISOString()).toBe('2026-10-25T01:00:00.000Z');
    expect(copenhagenOffset(spring - 1)).toBe(HOUR);
    expect(copenhagenOffset(spring)).toBe(2 * HOUR);
    expect(copenhagenOffset(autumn - 1)).toBe(2 * HOUR);
    expect(copenhagenOffset(autumn)).toBe(HOUR);
    expect(copenhagenMinuteOfDay(spring - 60_000)).toBe(1 * 60 + 59); // 01:59 CET
    expect(copenhagenMinuteOfDay(spring)).toBe(3 * 60); // 03:00 CEST
    expect(copenhagenMinuteOfDay(autumn - 60_000)).toBe(2 * 60 + 59); // 02:59 CEST
    expect(copenhagenMinuteOfDay(autumn)).toBe(2 * 60); // 02:00 CET again
  });

  it('startOfCopenhagenDay is local midnight for every day 1997–2037', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayOf('1997-01-02'), max: dayOf('2037-12-30') }), (day) => {
        const start = startOfCopenhagenDay(day);
        expect(viaIntl(start)).toMatchObject({ day, minuteOfDay: 0 });
        expect(viaIntl(start - 1000).day).toBe(day - 1);
      }),
      { numRuns: 2000 },
    );
  });
});
