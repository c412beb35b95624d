// Issue 28: what the citizen sees of their own case (`CitizenView`, the `<samspil-citizen-plan>`
// widget's data and the API's citizen view), and what the citizen writes before a meeting
// (`CitizenVoice`). The view is a projection of the case (citizen/view.ts): never other citizens,
// the professionals' findings, disagreements, stall reasons, legal bases or budgets.
import * as z from 'zod/mini';
import { HttpUrl } from './case.js';
import { GoalKind, InterventionStatus, SubGoalStatus } from './plan.js';
import { Id, IsoDate, IsoDateTime, Label, Note, Text } from './primitives.js';
import { Contact, CitizenVoices } from './voice.js';

/** A next step for the citizen to know: an intervention not done, who does it (a name) and by when. */
export const CitizenStep = z.object({
  title: Text,
  /** The department's name. */
  department: Label,
  /** The professional who owns it, by name, when the plan names one. */
  who: z.optional(Label),
  start: z.optional(IsoDate),
  /** When it should be done (the intervention's end). */
  by: z.optional(IsoDate),
  status: InterventionStatus,
});
export type CitizenStep = z.infer<typeof CitizenStep>;

/** One line of the collaboration agreement in plain words: who does it, who decides (names of departments or people the consent covers). */
export const CitizenTask = z.object({
  task: Text,
  kind: z.enum(['task', 'decision', 'intervention']),
  does: z.array(Label),
  decides: z.array(Label),
});
export type CitizenTask = z.infer<typeof CitizenTask>;

/** The next meeting the citizen is invited to: when, and where (a link, or a room by its name). */
export const CitizenMeeting = z.object({
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  place: z.discriminatedUnion('kind', [z.object({ kind: z.literal('link'), url: HttpUrl }), z.object({ kind: z.literal('room'), name: Label })]),
});
export type CitizenMeeting = z.infer<typeof CitizenMeeting>;

/** The citizen's own plan, as the citizen sees it. */
export const CitizenView = z.object({
  caseReference: Id,
  /** The citizen's own wishes, in their own words; null before there is a plan. */
  wishes: z.nullable(Text),
  goal: z.nullable(z.object({ kind: GoalKind, description: z.optional(Text) })),
  subGoals: z.array(z.object({ id: Id, title: Text, criterion: z.optional(Text), targetDate: z.optional(IsoDate), status: SubGoalStatus })),
  /** "Din tovholder": the plan coordinator's name and how to reach them; null when there is none. */
  coordinator: z.nullable(z.object({ name: Label, title: Note, department: z.optional(Label), contact: z.optional(Contact) })),
  nextMeeting: z.nullable(CitizenMeeting),
  /** The next follow-up date not held. */
  nextFollowUp: z.nullable(IsoDate),
  steps: z.array(CitizenStep),
  /** Who does what: only when consent is given, and only the departments it covers. */
  tasks: z.array(CitizenTask),
  consent: z.object({
    state: z.enum(['given', 'withdrawn', 'missing']),
    basis: z.enum(['consent', 'legal-basis', 'none']),
    /** When it was given (or the legal basis recorded). */
    since: z.optional(IsoDateTime),
    /** When it was withdrawn (or the legal basis ended). */
    ended: z.optional(IsoDateTime),
    /** The departments that share with each other, by name. */
    departments: z.array(Label),
    /** The provision relied on, for a legal basis. */
    legalReference: z.optional(Label),
  }),
  /** What the citizen wrote before meetings, the latest first. */
  voice: CitizenVoices,
});
export type CitizenView = z.infer<typeof CitizenView>;
