import type { BusinessCalendar } from '@samspil/core';

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
