import * as z from 'zod/mini';
import { DEFAULT_TIME_ZONE, isTimeZone, type CalendarSettings } from '../calendar.js';
import { Room } from './meeting.js';
import { Id, LIMITS } from './primitives.js';

const Clock = /* @__PURE__ */ z.string().check(z.regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/));
const BusinessDays = /* @__PURE__ */ z.int().check(z.minimum(1), z.maximum(250));

/** An IANA time zone the platform knows, e.g. `Europe/Copenhagen`, `America/Nuuk`. */
export const TimeZone = /* @__PURE__ */ z.string().check((ctx) => {
  if (!isTimeZone(ctx.value)) ctx.issues.push({ code: 'custom', message: 'must be an IANA time zone (e.g. Europe/Copenhagen)', input: ctx.value, continue: true });
});

/** From `start` up to, not including, `end`, local time (`HH:MM`; `end` may be `24:00`). */
export const WorkingHours = /* @__PURE__ */ z.object({ start: Clock, end: Clock }).check((ctx) => {
  if (ctx.value.start >= ctx.value.end) ctx.issues.push({ code: 'custom', message: 'start must be before end', input: ctx.value, continue: true });
});

/**
 * When a case needs a plan coordinator: when `atLeast` departments take part (default two), or
 * when its departments include all of one of the named combinations.
 */
export const CoordinatorRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('departments'), atLeast: z._default(/* @__PURE__ */ z.int().check(z.minimum(2), z.maximum(LIMITS.departments)), 2) }),
  z.object({
    kind: z.literal('combinations'),
    combinations: /* @__PURE__ */ z.array(/* @__PURE__ */ z.array(Id).check(z.minLength(2), z.maxLength(LIMITS.departments))).check(z.minLength(1), z.maxLength(100)),
  }),
]);
export type CoordinatorRule = z.infer<typeof CoordinatorRule>;

export const DEFAULT_COORDINATOR_RULE: CoordinatorRule = { kind: 'departments', atLeast: 2 };

/**
 * A municipality's own settings. Every default is Samspil's behaviour before there were
 * settings. Its closing days stay on the Tenant.
 */
export const TenantSettings = z.object({
  /** ISO weekdays worked, 1 (Monday) to 7 (Sunday). */
  workingDays: z._default(
    /* @__PURE__ */ z.array(/* @__PURE__ */ z.int().check(z.minimum(1), z.maximum(7))).check(z.minLength(1), z.maxLength(7), (ctx) => {
      if (new Set(ctx.value).size !== ctx.value.length) ctx.issues.push({ code: 'custom', message: 'must not name a weekday twice', input: ctx.value, continue: true });
    }),
    [1, 2, 3, 4, 5],
  ),
  /** When messages go out and a working moment is. */
  workingHours: z._default(WorkingHours, { start: '08:00', end: '16:00' }),
  timeZone: z._default(TimeZone, DEFAULT_TIME_ZONE),
  /** Whose public holidays are closed: Denmark's, or none (closing days name them). */
  publicHolidays: z._default(z.enum(['dk', 'none']), 'dk'),
  /** A change of caseworker not taken over after this many business days stalls the case. */
  handoverBusinessDays: z._default(BusinessDays, 2),
  coordinator: z._default(CoordinatorRule, DEFAULT_COORDINATOR_RULE),
  /** RC: ties rated by fewer distinct respondents are suppressed (k). */
  minRespondents: z._default(/* @__PURE__ */ z.int().check(z.minimum(1), z.maximum(100)), 3),
  /** Business days a disagreement may wait for whoever settles it (`disagreementDeadline`); open after them, it stalls the case. */
  disagreementBusinessDays: z._default(BusinessDays, 5),
  /** The municipality's meeting rooms: a meeting held in a room names one of these by id. */
  rooms: z._default(
    /* @__PURE__ */ z.array(Room).check(z.maxLength(1000), (ctx) => {
      if (new Set(ctx.value.map((r) => r.id)).size !== ctx.value.length) ctx.issues.push({ code: 'custom', message: 'must not name a room id twice', input: ctx.value, continue: true });
    }),
    [],
  ),
});
export type TenantSettings = z.output<typeof TenantSettings>;
export type TenantSettingsInput = z.input<typeof TenantSettings>;

/** The calendar of a municipality from its settings and its closing days (the Tenant's). */
export function calendarSettings(settings: TenantSettingsInput = {}, closingDays: readonly string[] = []): CalendarSettings {
  const s = TenantSettings.parse(settings);
  return { workingDays: s.workingDays, workingHours: s.workingHours, timeZone: s.timeZone, publicHolidays: s.publicHolidays, closingDays };
}
