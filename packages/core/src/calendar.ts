/**
 * Dates and business days. Europe/Copenhagen (the default) is computed without Intl so the
 * scheduler's hot path and the browser get the same answer everywhere; another municipality's
 * time zone is read through Intl.
 *
 * Days are "day numbers": whole days since 1970-01-01 on the local calendar.
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Day number of a `YYYY-MM-DD` date. */
export function dayOf(isoDate: string): number {
  return Math.floor(Date.UTC(+isoDate.slice(0, 4), +isoDate.slice(5, 7) - 1, +isoDate.slice(8, 10)) / DAY_MS);
}

/** `YYYY-MM-DD` of a day number. */
export function isoOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day number of the last Sunday of a month (0-based month). */
function lastSunday(year: number, month: number): number {
  const last = Math.floor(Date.UTC(year, month + 1, 0) / DAY_MS);
  const weekday = (last + 4) % 7; // 1970-01-01 was a Thursday (4)
  return last - weekday;
}

/**
 * Copenhagen's UTC offset in milliseconds at an instant: CEST (+2) from the last
 * Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC, else CET (+1).
 * This is the EU rule Denmark has followed since 1996.
 */
export function copenhagenOffset(epochMs: number): number {
  const year = new Date(epochMs).getUTCFullYear();
  const summerStart = lastSunday(year, 2) * DAY_MS + HOUR_MS;
  const summerEnd = lastSunday(year, 9) * DAY_MS + HOUR_MS;
  return epochMs >= summerStart && epochMs < summerEnd ? 2 * HOUR_MS : HOUR_MS;
}

/** The local day number in Copenhagen of an instant. */
export function copenhagenDay(epochMs: number): number {
  return Math.floor((epochMs + copenhagenOffset(epochMs)) / DAY_MS);
}

/** Minutes since local midnight in Copenhagen. */
export function copenhagenMinuteOfDay(epochMs: number): number {
  const local = epochMs + copenhagenOffset(epochMs);
  return Math.floor((local - Math.floor(local / DAY_MS) * DAY_MS) / 60_000);
}

/** The instant of local midnight in Copenhagen at the start of a day. */
export function startOfCopenhagenDay(day: number): number {
  // Clocks change at 01:00 UTC, hours after local midnight, so the offset two hours
  // before UTC midnight is the offset at local midnight.
  return day * DAY_MS - copenhagenOffset(day * DAY_MS - 2 * HOUR_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return (day + 4) % 7;
}

/** The ISO 8601 week number (1-53) of a day: the week holding its year's first Thursday is week 1. */
export function isoWeekNumber(day: number): number {
  const thursday = day - ((weekday(day) + 6) % 7) + 3;
  const jan1 = Math.floor(Date.UTC(new Date(thursday * DAY_MS).getUTCFullYear(), 0, 1) / DAY_MS);
  return Math.floor((thursday - jan1) / 7) + 1;
}

/** Day number of Easter Sunday (Gregorian; the anonymous algorithm). */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
  return Math.floor(Date.UTC(year, month - 1, dayOfMonth) / DAY_MS);
}

export interface Holiday {
  date: string;
  name: { da: string; en: string };
}

/** Danish public holidays of a year. Great Prayer Day was abolished from 2024. */
export function danishHolidays(year: number): Holiday[] {
  const easter = easterSunday(year);
  const list: [number, string, string][] = [
    [Math.floor(Date.UTC(year, 0, 1) / DAY_MS), 'Nytårsdag', "New Year's Day"],
    [easter - 3, 'Skærtorsdag', 'Maundy Thursday'],
    [easter - 2, 'Langfredag', 'Good Friday'],
    [easter, 'Påskedag', 'Easter Sunday'],
    [easter + 1, '2. påskedag', 'Easter Monday'],
    ...(year <= 2023 ? [[easter + 26, 'Store bededag', 'Great Prayer Day'] as [number, string, string]] : []),
    [easter + 39, 'Kristi himmelfartsdag', 'Ascension Day'],
    [easter + 49, 'Pinsedag', 'Whit Sunday'],
    [easter + 50, '2. pinsedag', 'Whit Monday'],
    [Math.floor(Date.UTC(year, 11, 25) / DAY_MS), 'Juledag', 'Christmas Day'],
    [Math.floor(Date.UTC(year, 11, 26) / DAY_MS), '2. juledag', 'Boxing Day'],
  ];
  return list.map(([day, da, en]) => ({ date: isoOfDay(day), name: { da, en } }));
}

/** A municipality's working time: which weekdays are worked, the hours, its time zone and its holidays. */
export interface WorkingTime {
  /** ISO weekdays worked, 1 (Monday) to 7 (Sunday). Default Monday to Friday. */
  workingDays?: readonly number[];
  /** Local clock times `HH:MM`: a working moment is from `start` up to, not including, `end` (`24:00` allowed). Default 08:00-16:00. */
  workingHours?: { start: string; end: string };
  /** An IANA time zone. Default Europe/Copenhagen. */
  timeZone?: string;
  /** Whose public holidays are closed: Denmark's (`dk`, the default) or none (closing days name them). */
  publicHolidays?: 'dk' | 'none';
}

/** Everything a municipality's calendar needs: its working time and its own closing days (`YYYY-MM-DD`). */
export interface CalendarSettings extends WorkingTime {
  closingDays?: readonly string[];
}

export const DEFAULT_TIME_ZONE = 'Europe/Copenhagen';
const WEEKDAYS = [1, 2, 3, 4, 5] as const;
const HOURS = { start: '08:00', end: '16:00' } as const;

/** Minutes since midnight of `HH:MM`. */
const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** Whether the platform knows an IANA time zone. */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A time zone's UTC offset in milliseconds at an instant. Copenhagen's without Intl (the common case, and the scheduler's hot path). */
export function zoneOffset(epochMs: number, timeZone: string): number {
  if (timeZone === DEFAULT_TIME_ZONE) return copenhagenOffset(epochMs);
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, format);
  }
  const p: Record<string, number> = {};
  for (const { type, value } of format.formatToParts(epochMs)) p[type] = Number(value);
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - wholeSecond;
}

/**
 * Business days and working hours of one municipality: not its non-working weekdays, not public
 * holidays, not its own closing days. Without settings, Copenhagen's Monday to Friday 08:00-16:00
 * with Denmark's public holidays. `new BusinessCalendar(closingDays)` still works.
 */
export class BusinessCalendar {
  readonly timeZone: string;
  readonly #closed = new Set<number>();
  readonly #years = new Set<number>();
  readonly #weekdays: Set<number>;
  readonly #holidays: boolean;
  readonly #start: number;
  readonly #end: number;

  constructor(settings: readonly string[] | CalendarSettings = []) {
    const s: CalendarSettings = Array.isArray(settings) ? { closingDays: settings as readonly string[] } : (settings as CalendarSettings);
    this.timeZone = s.timeZone ?? DEFAULT_TIME_ZONE;
    this.#weekdays = new Set((s.workingDays ?? WEEKDAYS).map((d) => d % 7)); // ISO 7 (Sunday) is weekday 0
    this.#holidays = (s.publicHolidays ?? 'dk') === 'dk';
    this.#start = minutesOf((s.workingHours ?? HOURS).start);
    this.#end = minutesOf((s.workingHours ?? HOURS).end);
    for (const d of s.closingDays ?? []) this.#closed.add(dayOf(d));
  }

  /** The local day number of an instant. */
  localDay(epochMs: number): number {
    return Math.floor((epochMs + zoneOffset(epochMs, this.timeZone)) / DAY_MS);
  }

  /** Minutes since local midnight of an instant. */
  minuteOfDay(epochMs: number): number {
    const local = epochMs + zoneOffset(epochMs, this.timeZone);
    return Math.floor((local - Math.floor(local / DAY_MS) * DAY_MS) / 60_000);
  }

  /** An instant as the municipality's clocks show it: `2026-12-10 10:00`. */
  localText(epochMs: number): string {
    const minute = this.minuteOfDay(epochMs);
    return `${isoOfDay(this.localDay(epochMs))} ${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  }

  /**
   * The instant of a local day and minute. A local time the clocks skip is moved forward by the
   * skip; one they pass twice is the earlier.
   */
  instantOf(day: number, minute = 0): number {
    const local = day * DAY_MS + minute * 60_000;
    // Clock changes are months apart: at most one lies within a day of the local time.
    const a = zoneOffset(local - DAY_MS, this.timeZone);
    const b = zoneOffset(local + DAY_MS, this.timeZone);
    if (a === b) return local - a;
    const fits = (o: number) => zoneOffset(local - o, this.timeZone) === o;
    if (fits(a) && fits(b)) return Math.min(local - a, local - b);
    if (fits(a)) return local - a;
    if (fits(b)) return local - b;
    return local - Math.min(a, b);
  }

  /** The instant of local midnight at the start of a day. */
  startOfDay(day: number): number {
    return this.instantOf(day, 0);
  }

  isBusinessDay(day: number): boolean {
    if (!this.#weekdays.has(weekday(day))) return false;
    const year = new Date(day * DAY_MS).getUTCFullYear();
    if (this.#holidays && !this.#years.has(year)) {
      this.#years.add(year);
      for (const h of danishHolidays(year)) this.#closed.add(dayOf(h.date));
    }
    return !this.#closed.has(day);
  }

  /** The `n`th business day after `day` (n ≥ 1); `day` itself for n = 0. */
  addBusinessDays(day: number, n: number): number {
    let d = day;
    for (let left = n; left > 0; ) if (this.isBusinessDay(++d)) left--;
    return d;
  }

  /** Business days after `from` up to and including `to` (0 when `to` is not after `from`). */
  businessDaysBetween(from: number, to: number): number {
    let n = 0;
    for (let d = from + 1; d <= to; d++) if (this.isBusinessDay(d)) n++;
    return n;
  }

  /**
   * The instant a period of `n` whole business days after the local day of
   * `epochMs` is over: local midnight after the `n`th business day.
   */
  endOfBusinessDays(epochMs: number, n: number): number {
    return this.startOfDay(this.addBusinessDays(this.localDay(epochMs), n) + 1);
  }

  /** Whether an instant is within working hours on a business day. */
  isWorkingMoment(epochMs: number): boolean {
    const minute = this.minuteOfDay(epochMs);
    return minute >= this.#start && minute < this.#end && this.isBusinessDay(this.localDay(epochMs));
  }

  /** `epochMs` itself when it is a working moment, else the start of the next working hours. */
  nextWorkingMoment(epochMs: number): number {
    if (this.isWorkingMoment(epochMs)) return epochMs;
    const day = this.localDay(epochMs);
    let next = this.minuteOfDay(epochMs) < this.#start && this.isBusinessDay(day) ? day : day + 1;
    // A year without a business day is a misconfiguration: stop rather than loop for ever.
    for (let i = 0; i < 366 && !this.isBusinessDay(next); i++) next++;
    return this.instantOf(next, this.#start);
  }
}

const calendars = new WeakMap<object, BusinessCalendar>();

/** A municipality's calendar; one per settings object, so holidays are worked out once. */
export function calendarOf(settings: CalendarSettings = {}): BusinessCalendar {
  let calendar = calendars.get(settings);
  if (!calendar) calendars.set(settings, (calendar = new BusinessCalendar(settings)));
  return calendar;
}

const epoch = (at: number | Date | string) => (typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime());

/** Whether `at` is within a municipality's working hours on one of its business days. */
export function isWorkingMoment(at: number | Date | string, settings: CalendarSettings = {}): boolean {
  return calendarOf(settings).isWorkingMoment(epoch(at));
}

/** `at` itself (epoch ms) when it is a working moment, else the start of the municipality's next working hours. */
export function nextWorkingMoment(at: number | Date | string, settings: CalendarSettings = {}): number {
  return calendarOf(settings).nextWorkingMoment(epoch(at));
}

/** The date (`YYYY-MM-DD`) `n` business days after a date, skipping non-working weekdays, public holidays and closing days. */
export function addBusinessDays(date: string, n: number, settings: CalendarSettings = {}): string {
  return isoOfDay(calendarOf(settings).addBusinessDays(dayOf(date), n));
}
