import * as z from 'zod/mini';
import { Consent } from './consent.js';
import { Id, IsoDateTime, LIMITS, Note } from './primitives.js';

export const ParticipantRole = z.enum(['caseworker', 'coordinator', 'team-lead', 'specialist', 'authority', 'other']);
export type ParticipantRole = z.infer<typeof ParticipantRole>;

export const Participant = z.object({
  person: Id,
  department: Id,
  role: ParticipantRole,
});
export type Participant = z.infer<typeof Participant>;

/** One period with a plan coordinator; `to` is absent while it lasts. */
export const CoordinatorAssignment = z.object({
  person: Id,
  from: IsoDateTime,
  to: z.optional(IsoDateTime),
  reason: Note,
  assignedBy: z.optional(Id),
});
export type CoordinatorAssignment = z.infer<typeof CoordinatorAssignment>;

export const CaseStatus = z.enum(['active', 'paused', 'closed']);
export type CaseStatus = z.infer<typeof CaseStatus>;

/** An absolute http or https URL, trimmed (see `CaseSystemUrl`): the case system's link, an online meeting's. */
export const HttpUrl = /* @__PURE__ */ z.stringFormat('url', (s) => /^https?:\/\//i.test(s.trim()) && URL.canParse(s.trim())).check(z.trim());

/**
 * Deep link back to the case in the vendor's system: an absolute http or https URL, trimmed. A
 * custom `url` format checked with the platform's URL parser: the same JSON Schema (`format: "uri"`)
 * and the same `invalid_format` issue as `z.url()`, without bundling zod's general URL machinery
 * (hostname and protocol patterns, normalisation) into the widgets.
 */
export const CaseSystemUrl = z.optional(HttpUrl);

/**
 * A coordinated case. The vendor's case system owns it; `reference` is the
 * vendor's own reference. It holds no citizen name, CPR number or case notes.
 */
export const Case = z.object({
  reference: Id,
  tenant: Id,
  status: z._default(CaseStatus, 'active'),
  departments: z._default(/* @__PURE__ */ z.array(Id).check(z.maxLength(LIMITS.departments)), []),
  participants: z._default(/* @__PURE__ */ z.array(Participant).check(z.maxLength(LIMITS.participants)), []),
  consent: z._default(z.nullable(Consent), null),
  coordinator: z._default(
    z.object({
      current: z._default(z.nullable(Id), null),
      history: z._default(z.array(CoordinatorAssignment), []),
    }),
    { current: null, history: [] },
  ),
  openedAt: IsoDateTime,
  lastActivityAt: IsoDateTime,
  caseSystemUrl: CaseSystemUrl,
});
export type Case = z.infer<typeof Case>;
