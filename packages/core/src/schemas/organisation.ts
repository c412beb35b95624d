import { z } from 'zod';
import { DepartmentKind, Id, IsoDate, IsoDateTime } from './primitives.js';

/** A municipality. Tenants never see each other's data. */
export const Tenant = z.object({
  id: Id,
  name: z.string().trim().min(1),
  /** The municipality's three-digit code (kommunekode), when known. */
  municipalityCode: z.string().regex(/^\d{3}$/).optional(),
  /** The municipality's own closing days beyond the public holidays (e.g. 24 December, 5 June, 31 December). */
  closingDays: z.array(IsoDate).default([]),
  defaultLocale: z.enum(['da', 'en']).default('da'),
});
export type Tenant = z.infer<typeof Tenant>;

export const Department = z.object({
  id: Id,
  name: z.string().trim().min(1),
  kind: DepartmentKind,
  /** The head of the department, the last step of the escalation ladder. */
  head: Id.optional(),
});
export type Department = z.infer<typeof Department>;

export const Team = z.object({
  id: Id,
  name: z.string().trim().min(1),
  department: Id,
  lead: Id,
});
export type Team = z.infer<typeof Team>;

export const ChatIdentities = z.object({
  slack: z.object({ teamId: z.string().min(1), userId: z.string().min(1) }).optional(),
  teams: z.object({ tenantId: z.string().min(1), aadObjectId: z.string().min(1) }).optional(),
});
export type ChatIdentities = z.infer<typeof ChatIdentities>;

/** Whether a professional can act on a case now. `left`: gone from the job. */
export const Availability = z.object({
  status: z.enum(['active', 'absent', 'left']),
  since: IsoDateTime.optional(),
  /** Expected return for an absence. */
  until: IsoDate.optional(),
});
export type Availability = z.infer<typeof Availability>;

/** A professional (never the citizen). */
export const Person = z.object({
  id: Id,
  name: z.string().trim().min(1),
  email: z.email(),
  department: Id,
  title: z.string().trim().optional(),
  team: Id.optional(),
  teamLead: Id.optional(),
  chat: ChatIdentities.default({}),
  availability: Availability.default({ status: 'active' }),
});
export type Person = z.infer<typeof Person>;
