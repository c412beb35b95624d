// The outbox's messages, delivered through the platform: a coordination's card redrawn
// or its place closed, an erased case's place told and closed, and the direct messages
// (reminders, escalations, digests, weekly digests, RC invitations and results) to their recipients.
import { peopleOf, PermanentDeliveryError, type OutboxMessage } from '@samspil/server';
import type { ChatContext } from './context.js';
import type { Coordination } from './coordination.js';
import type { MeetingFlows } from './meetings.js';
import { referenceMessages } from './references.js';
import { digestMessage, handoverMessage, nudgeMessage, rcDigestMessage, rcInvitation, type DirectMessage } from './views.js';
import { rcResultsUrl } from './waves.js';
import { overviewUrl, weeklyDigestMessage } from './weekly-digest.js';

/** The messages to a person; the others are to a coordination's place. */
type ToPerson = Exclude<OutboxMessage, { kind: 'thread-card' | 'thread-closed' | 'place-erased' }>;

export class Delivery {
  constructor(
    private readonly context: ChatContext,
    private readonly coordination: Coordination,
    private readonly meetings: MeetingFlows,
  ) {}

  /** An outbox message through this platform (the outbox port reads the platform's errors). */
  async deliver(m: OutboxMessage): Promise<void> {
    const { context } = this;
    const { platform } = context;
    if (m.kind === 'thread-card') return this.coordination.refreshCard(m.tenant, m.payload.caseReference);
    if (m.kind === 'thread-closed') return this.coordination.close(m.tenant, m.payload.caseReference);
    // The case is gone: the place is told so without naming it, and closed.
    // A coordination joined into another (issue 26): closed with a pointer to the one that remains.
    if (m.kind === 'place-erased' && m.payload.mergedInto) {
      return platform.closePlace(m.tenant, { channel: m.payload.channel, thread: m.payload.thread ?? undefined, card: m.payload.card ?? undefined }, `🔒 ${referenceMessages[await context.localeOf(m.tenant)].closedMerged(m.payload.mergedInto)}`);
    }
    if (m.kind === 'place-erased') return platform.closePlace(m.tenant, { channel: m.payload.channel, thread: m.payload.thread ?? undefined, card: m.payload.card ?? undefined }, `🔒 ${(await context.textsOf(m.tenant)).closedErased}`);

    const { db } = context.deps;
    // The new caseworker joins the case's place before they are asked to take it over.
    if (m.kind === 'handover') await this.coordination.join(m.tenant, m.payload.caseReference, m.recipient);
    const [person] = await peopleOf(db, m.tenant, platform.name, [m.recipient]);
    if (!person) throw new PermanentDeliveryError(`no person ${m.recipient} in tenant ${m.tenant}`);
    const user = await context.chatUser(m.tenant, person);
    if (!user) throw new PermanentDeliveryError(`${m.recipient} has no ${platform.name} user (no match by e-mail)`);
    await platform.sendDirect(m.tenant, user, await this.#message(m));
  }

  async #message(m: ToPerson): Promise<DirectMessage> {
    const { context } = this;
    const { useCases, now, publicUrl } = context.deps;
    const locale = await context.localeOf(m.tenant);
    if (m.kind === 'digest') return digestMessage(m.payload.date, m.payload.items, now().getTime(), await context.format(m.tenant, []), locale, m.payload);
    if (m.kind === 'rc-invitation' || m.kind === 'rc-reminder') return rcInvitation(m.payload, locale);
    if (m.kind === 'handover') return handoverMessage(m.payload.caseReference, locale);
    if (m.kind === 'weekly-digest') return weeklyDigestMessage(m.payload, await context.format(m.tenant, []), locale, publicUrl && overviewUrl(publicUrl));
    if (m.kind === 'rc-digest') return rcDigestMessage(m.payload, await context.format(m.tenant, []), locale, publicUrl && rcResultsUrl(publicUrl, m.payload.surveyId, m.payload.wave.name));
    if (m.kind === 'meeting-invitation' || m.kind === 'decision-confirm' || m.kind === 'disagreement') return this.meetings.message(m);
    // A joint decision awaited, to a department still missing: its confirm button.
    if (m.kind === 'nudge' && m.payload.department) return this.meetings.reminderToConfirm({ ...m, payload: { ...m.payload, department: m.payload.department } });
    const p = m.payload;
    const overview = await useCases.caseOverview(context.system(m.tenant), p.caseReference);
    const participants = overview.ok ? overview.case.participants.map((x) => x.person) : [];
    const names = await context.names(m.tenant, participants);
    // The people away as the platform shows a person (a mention in Slack), for the question who covers.
    const absent = p.absent ?? [];
    const shown = absent.length ? await context.format(m.tenant, absent) : undefined;
    return nudgeMessage(
      {
        kind: m.kind,
        nudgeId: p.nudgeId,
        caseReference: p.caseReference,
        reason: p.reason,
        since: p.since,
        step: p.step,
        caseSystemUrl: overview.ok ? overview.case.caseSystemUrl : undefined,
        candidates: [...new Set(participants)].map((person) => ({ person, name: names[person] ?? person })),
        absent: absent.map((person) => ({ person, shown: shown!.person(person) })),
      },
      locale,
    );
  }
}
