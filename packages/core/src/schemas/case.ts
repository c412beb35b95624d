import { z } from 'zod';
import { Consent } from './consent.js';
import { Id, IsoDateTime } from './primitives.js';

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
  to: IsoDateTime.optional(),
  reason: z.string().trim().max(500).optional(),
  assignedBy: Id.optional(),
});
export type CoordinatorAssignment = z.infer<typeof CoordinatorAssignment>;

export const CaseStatus = z.enum(['active', 'paused', 'closed']);
export type CaseStatus = z.infer<typeof CaseStatus>;

/**
 * A coordinated case. The vendor's case system owns it; `reference` is the
 * vendor's own reference. It holds no citizen name, CPR number or case notes.
 */
export const Case = z.object({
  reference: Id,
  tenant: Id,
  status: CaseStatus.default('active'),
  departments: z.array(Id).default([]),
  participants: z.array(Participant).default([]),
  consent: Consent.nullable().default(null),
  coordinator: z
    .object({
      current: Id.nullable().default(null),
      history: z.array(CoordinatorAssignment).default([]),
    })
    .default({ current: null, history: [] }),
  openedAt: IsoDateTime,
  lastActivityAt: IsoDateTime,
  /** Deep link back to the case in the vendor's system. */
  caseSystemUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type Case = z.infer<typeof Case>;
