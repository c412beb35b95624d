import * as z from 'zod/mini';
import { DepartmentKind, Id, IsoDate, IsoDateTime, Label, LIMITS, noCpr, Note } from './primitives.js';
import { Contact } from './voice.js';

/** A municipality. Tenants never see each other's data. */
export const Tenant = z.object({
  id: Id,
  name: Label,
  /** The municipality's three-digit code (kommunekode), when known. */
  municipalityCode: z.optional(/* @__PURE__ */ z.string().check(z.regex(/^\d{3}$/))),
  /** The municipality's own closing days beyond the public holidays (e.g. 24 December, 5 June, 31 December). */
  closingDays: z._default(/* @__PURE__ */ z.array(IsoDate).check(z.maxLength(LIMITS.closingDays)), []),
  defaultLocale: z._default(z.enum(['da', 'en']), 'da'),
});
export type Tenant = z.infer<typeof Tenant>;

export const Department = z.object({
  id: Id,
  name: Label,
  kind: DepartmentKind,
  /** The head of the department, the last step of the escalation ladder. */
  head: z.optional(Id),
});
export type Department = z.infer<typeof Department>;

export const Team = z.object({
  id: Id,
  name: Label,
  department: Id,
  lead: Id,
});
export type Team = z.infer<typeof Team>;

const NonEmpty = /* @__PURE__ */ z.string().check(z.minLength(1));

export const ChatIdentities = z.object({
  slack: z.optional(z.object({ teamId: NonEmpty, userId: NonEmpty })),
  teams: z.optional(z.object({ tenantId: NonEmpty, aadObjectId: NonEmpty })),
});
export type ChatIdentities = z.infer<typeof ChatIdentities>;

/** Whether a professional can act on a case now. `left`: gone from the job. */
export const Availability = z.object({
  status: z.enum(['active', 'absent', 'left']),
  since: z.optional(IsoDateTime),
  /** Expected return for an absence. */
  until: z.optional(IsoDate),
});
export type Availability = z.infer<typeof Availability>;

/** A professional (never the citizen). */
export const Person = z.object({
  id: Id,
  name: Label,
  email: /* @__PURE__ */ z.email().check(noCpr),
  department: Id,
  title: Note,
  team: z.optional(Id),
  teamLead: z.optional(Id),
  chat: z._default(ChatIdentities, {}),
  availability: z._default(Availability, { status: 'active' }),
  /** How a citizen reaches them (a phone number, a contact line), set by the case system; the citizen's plan shows it for the coordinator. */
  contact: z.optional(Contact),
});
export type Person = z.infer<typeof Person>;

/** What a view needs to name a department (the widgets' `departments` property). */
export const DepartmentName = z.object({ id: Id, name: Label });
export type DepartmentName = z.infer<typeof DepartmentName>;
export const DepartmentNames = z.array(DepartmentName);

/** What a view needs to name a professional (coordinator, intervention owner). Never the citizen. */
export const ProfessionalName = z.object({
  id: Id,
  name: Label,
  department: z.optional(Id),
  title: Note,
});
export type ProfessionalName = z.infer<typeof ProfessionalName>;
export const ProfessionalNames = z.array(ProfessionalName);
