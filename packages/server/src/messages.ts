// What each kind of outbox message carries: one zod discriminated union on `kind`, shared
// by the producers (the scheduler, the use cases; `enqueue` is typed by it) and the chat
// flows, which narrow on `kind`. Codes, ids and dates only: no free text, no names.
import * as z from 'zod/mini';

/** A reminder of a stalled case, or its escalation up the ladder. */
const NudgePayload = z.object({ nudgeId: z.string(), caseReference: z.string(), reason: z.string(), subject: z._default(z.string(), ''), since: z.string(), step: z.int() });
/** A team lead's daily digest of the team's stalled cases. */
const DigestPayload = z.object({ date: z.string(), items: z.array(z.object({ caseReference: z.string(), reason: z.string(), since: z.string() })) });
/** A coordination's thread: its card to redraw, or the coordination closed (consent withdrawn). */
const ThreadPayload = z.object({ caseReference: z.string(), reason: z.optional(z.string()) });
/** A coordination's place whose case was erased: the platform's ids only, no reference. */
const ErasedPlacePayload = z.object({ channel: z.string(), thread: z.nullable(z.string()), card: z.nullable(z.string()) });

export const OutboxContent = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('nudge'), payload: NudgePayload }),
  z.object({ kind: z.literal('escalation'), payload: NudgePayload }),
  z.object({ kind: z.literal('digest'), payload: DigestPayload }),
  z.object({ kind: z.literal('thread-card'), payload: ThreadPayload }),
  z.object({ kind: z.literal('thread-closed'), payload: ThreadPayload }),
  z.object({ kind: z.literal('place-erased'), payload: ErasedPlacePayload }),
]);
export type OutboxContent = z.infer<typeof OutboxContent>;
export type OutboxKind = OutboxContent['kind'];
export type OutboxPayloadOf<K extends OutboxKind> = Extract<OutboxContent, { kind: K }>['payload'];

interface MessageBase {
  id: string;
  tenant: string;
  /** A person id in the tenant, or `thread:<platform>`; the port resolves it to a chat identity. */
  recipient: string;
  /** Stable across retries: a port that can, passes it on so the chat side drops a repeat. */
  dedupeKey: string;
  attempts: number;
}
/** A claimed message, its payload checked against its kind: a port narrows on `kind`. */
export type OutboxMessage = MessageBase & OutboxContent;

/** Checks a stored row's kind and payload; undefined when the kind is unknown or the payload does not fit it. */
export function outboxMessage(base: MessageBase, kind: string, payload: unknown): OutboxMessage | undefined {
  const parsed = z.safeParse(OutboxContent, { kind, payload });
  return parsed.success ? { ...base, ...parsed.data } : undefined;
}
