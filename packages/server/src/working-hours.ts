import { BusinessCalendar, copenhagenDay, copenhagenMinuteOfDay, startOfCopenhagenDay } from '@samspil/core';

/** Nudges go out 08:00-16:00 Copenhagen time on business days. */
export const WORKDAY_START_MINUTE = 8 * 60;
export const WORKDAY_END_MINUTE = 16 * 60;

/** `at` itself when it is within working hours, else 08:00 on the next business day. */
export function nextWorkingMoment(at: Date, calendar: BusinessCalendar): Date {
  const ms = at.getTime();
  const day = copenhagenDay(ms);
  const minute = copenhagenMinuteOfDay(ms);
  if (calendar.isBusinessDay(day) && minute >= WORKDAY_START_MINUTE && minute < WORKDAY_END_MINUTE) return at;
  let next = minute < WORKDAY_START_MINUTE && calendar.isBusinessDay(day) ? day : day + 1;
  while (!calendar.isBusinessDay(next)) next++;
  return new Date(startOfCopenhagenDay(next) + WORKDAY_START_MINUTE * 60_000);
}
