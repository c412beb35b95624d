/**
 * Dates and business days in Europe/Copenhagen, computed without Intl so the
 * scheduler's hot path and the browser get the same answer everywhere.
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

/** Business days in Copenhagen: not weekends, not public holidays, not the municipality's closing days. */
export class BusinessCalendar {
  readonly #closed = new Set<number>();
  readonly #years = new Set<number>();

  constructor(closingDays: readonly string[] = []) {
    for (const d of closingDays) this.#closed.add(dayOf(d));
  }

  isBusinessDay(day: number): boolean {
    const wd = weekday(day);
    if (wd === 0 || wd === 6) return false;
    const year = new Date(day * DAY_MS).getUTCFullYear();
    if (!this.#years.has(year)) {
      this.#years.add(year);
      for (const h of danishHolidays(year)) this.#closed.add(dayOf(h.date));
    }
    return !this.#closed.has(day);
  }

  /** The `n`th business day after `day` (n ≥ 1). */
  addBusinessDays(day: number, n: number): number {
    let d = day;
    for (let left = n; left > 0; ) if (this.isBusinessDay(++d)) left--;
    return d;
  }

  /**
   * The instant a period of `n` whole business days after the local day of
   * `epochMs` is over: local midnight after the `n`th business day.
   */
  endOfBusinessDays(epochMs: number, n: number): number {
    return startOfCopenhagenDay(this.addBusinessDays(copenhagenDay(epochMs), n) + 1);
  }
}
