import { weekStartDay, type BusinessCalendar } from '@samspil/core';

// When messages go out: each tenant's own working days, hours and time zone (its settings, core's
// calendar), never one fixed clock for every municipality.

/** `at` itself when it is within the tenant's working hours on a business day, else the start of its next working hours. */
export function nextWorkingMoment(at: Date, calendar: BusinessCalendar): Date {
  const next = calendar.nextWorkingMoment(at.getTime());
  return next === at.getTime() ? at : new Date(next);
}

/** Whether `at` is a working moment of the tenant (its hours, on one of its business days). */
export function isWorkingMoment(at: Date, calendar: BusinessCalendar): boolean {
  return calendar.isWorkingMoment(at.getTime());
}

/**
 * The local business day of `at` when the tenant's working hours have begun on it (the day a
 * digest is for), else undefined: before its hours, or not a business day.
 */
export function workingDayBegun(at: Date, calendar: BusinessCalendar): number | undefined {
  const day = calendar.localDay(at.getTime());
  if (!calendar.isBusinessDay(day)) return undefined;
  return at.getTime() >= calendar.nextWorkingMoment(calendar.startOfDay(day)) ? day : undefined;
}

/**
 * The local Monday (day number) of `at`'s week when `at` is on that week's first business day
 * (Monday, or the next when it is closed) with its working hours begun (the week a weekly digest
 * is for), else undefined: so a clock that jumps ahead weeks finds only the week it is in.
 */
export function workingWeekBegun(at: Date, calendar: BusinessCalendar): number | undefined {
  const day = workingDayBegun(at, calendar);
  if (day === undefined) return undefined;
  const monday = weekStartDay(at.getTime(), calendar);
  for (let d = monday; d < day; d++) if (calendar.isBusinessDay(d)) return undefined;
  return monday;
}
