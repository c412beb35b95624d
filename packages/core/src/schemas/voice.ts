// Issue 28: the citizen's words before a meeting, and how to reach a professional. Apart from
// citizen.ts so that the plan (which carries the voice when read) can import them.
import * as z from 'zod/mini';
import { Id, IsoDateTime, noCpr } from './primitives.js';

/** The longest text the citizen may write before a meeting, in characters. */
export const VOICE_MAX_LENGTH = 2000;

/** What the citizen writes: trimmed, 1 to 2,000 characters, and no CPR number (checked like every text Samspil stores). */
export const CitizenVoiceText = /* @__PURE__ */ z.string().check(z.trim(), z.minLength(1), z.maxLength(VOICE_MAX_LENGTH), noCpr);

/**
 * What the citizen wrote before a meeting, in their own words: what matters to them now, or a
 * question for the meeting. Stored with the case; shown to the coordinator in the plan card and in
 * the meeting's agenda; never sent to chat.
 */
export const CitizenVoice = z.object({
  text: CitizenVoiceText,
  writtenAt: IsoDateTime,
  /** The meeting it was written for, when the citizen wrote it for one. */
  meeting: z.optional(Id),
});
export type CitizenVoice = z.infer<typeof CitizenVoice>;
/** The most a view carries: the latest first. */
export const VOICE_SHOWN = 20;
export const CitizenVoices = /* @__PURE__ */ z.array(CitizenVoice).check(z.maxLength(VOICE_SHOWN));

/** How to reach a professional, as the case system gives it (a phone number, a contact line): no CPR number. */
export const Contact = /* @__PURE__ */ z.string().check(z.trim(), z.minLength(1), z.maxLength(200), noCpr);

