import * as z from 'zod/mini';
import { Id, IsoDateTime, Label, LIMITS } from './primitives.js';

/**
 * The recorded basis for sharing information between departments: the citizen's
 * consent (which can be withdrawn at any time) or another recorded legal basis.
 */
export const Consent = z.discriminatedUnion('basis', [
  z.object({
    basis: z.literal('consent'),
    givenAt: IsoDateTime,
    withdrawnAt: z.optional(IsoDateTime),
    /** The departments the consent lets share information. */
    departments: /* @__PURE__ */ z.array(Id).check(z.minLength(1), z.maxLength(LIMITS.departments)),
    recordedBy: z.optional(Id),
  }),
  z.object({
    basis: z.literal('legal-basis'),
    /** The provision relied on, e.g. "Serviceloven § 49 b". */
    reference: Label,
    recordedAt: IsoDateTime,
    endedAt: z.optional(IsoDateTime),
    departments: /* @__PURE__ */ z.array(Id).check(z.minLength(1), z.maxLength(LIMITS.departments)),
    recordedBy: z.optional(Id),
  }),
]);
export type Consent = z.infer<typeof Consent>;

export type ConsentState = 'given' | 'withdrawn' | 'missing';

/** The consent's state at `now` (ISO instant or epoch ms); undefined consent is `missing`. */
export function consentState(consent: Consent | null | undefined, now: number = Date.now()): ConsentState {
  if (!consent) return 'missing';
  const start = Date.parse(consent.basis === 'consent' ? consent.givenAt : consent.recordedAt);
  const endIso = consent.basis === 'consent' ? consent.withdrawnAt : consent.endedAt;
  if (endIso !== undefined && Date.parse(endIso) <= now) return 'withdrawn';
  return start <= now ? 'given' : 'missing';
}

/** The case departments that the consent (in force at `now`) does not cover. */
export function uncoveredDepartments(
  consent: Consent | null | undefined,
  departments: readonly string[],
  now: number = Date.now(),
): string[] {
  if (consentState(consent, now) !== 'given') return [...departments];
  const covered = new Set(consent!.departments);
  return departments.filter((d) => !covered.has(d));
}
