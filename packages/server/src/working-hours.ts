import { BusinessCalendar, copenhagenDay, copenhagenMinuteOfDay, startOfCopenhagenDay } from '@samspil/core';

/** Nudges go out 08:00-16:00 Copenhagen time on business days. */
export const WORKDAY_START_MINUTE = 8 * 60;
export const WORKDAY_END_MINUTE = 16 * 60;

/** Whether `at` falls in a working day's hours (08:00-16:00 Copenhagen time), business day or not. */
export function inWorkingMinutes(at: Date): boolean {
  const minute = copenhagenMinuteOfDay(at.getTime());
  return minute >= WORKDAY_START_MINUTE && minute < WORKDAY_END_MINUTE;
}

/** `at` itself when it is within working hours, else 08:00 on the next business day. */
export function nextWorkingMoment(at: Date, calendar: BusinessCalendar): Date {
  const ms = at.getTime();
  const day = copenhagenDay(ms);
  const minute = copenhagenMinuteOfDay(ms);
  if (calendar.isBusinessDay(day) && inWorkingMinutes(at)) return at;
  let next = minute < WORKDAY_START_MINUTE && calendar.isBusinessDay(day) ? day : day + 1;
  while (!calendar.isBusinessDay(next)) next++;
  return new Date(startOfCopenhagenDay(next) + WORKDAY_START_MINUTE * 60_000);
}
