// The outbox's way into Slack: reminders, escalations and digests as DMs from the
// app; card redraws and closings in the coordination's channel. Slack's errors
// become the outbox's: a rate limit waits as told, a user who is not there is not
// retried, anything else is retried with backoff.
import { peopleOf, PermanentDeliveryError, RetryLaterError, type ChatPort, type OutboxMessage } from '@samspil/server';
import { digestMessage, nudgeMessage, type Block } from './blocks.js';
import { slackError, type SlackCoordination } from './coordination.js';

/** Errors that a retry cannot mend. */
const PERMANENT = new Set(['users_not_found', 'user_not_found', 'channel_not_found', 'is_archived', 'account_inactive', 'user_disabled', 'cannot_dm_bot', 'invalid_blocks', 'msg_too_long', 'no_text']);

export class SlackPort implements ChatPort {
  readonly name = 'slack';

  constructor(private readonly slack: SlackCoordination) {}

  async deliver(m: OutboxMessage): Promise<void> {
    try {
      await this.#deliver(m);
    } catch (error) {
      const code = slackError(error);
      const retryAfter = (error as { retryAfter?: number }).retryAfter;
      if (code === 'ratelimited') throw new RetryLaterError(`ratelimited, retry after ${retryAfter ?? '?'} s`, Math.max(1, retryAfter ?? 30) * 1000);
      if (code && PERMANENT.has(code)) throw new PermanentDeliveryError(code);
      throw error;
    }
  }

  async #deliver(m: OutboxMessage): Promise<void> {
    const p = m.payload as Record<string, unknown> & { caseReference?: string };
    if (m.kind === 'thread-card') return this.slack.refreshCard(m.tenant, p.caseReference!);
    if (m.kind === 'thread-closed') return this.slack.close(m.tenant, p.caseReference!);

    const { db, client, locale, now } = this.slack.deps;
    const [person] = await peopleOf(db, m.tenant, 'slack', [m.recipient]);
    if (!person) throw new PermanentDeliveryError(`no person ${m.recipient} in tenant ${m.tenant}`);
    const user = await this.slack.slackUser(m.tenant, person);
    if (!user) throw new PermanentDeliveryError(`${m.recipient} has no Slack user (no match by e-mail)`);

    let message: { text: string; blocks: Block[] };
    if (m.kind === 'nudge' || m.kind === 'escalation') {
      const overview = await this.slack.deps.useCases.caseOverview({ tenant: m.tenant, kind: 'system', id: 'slack' }, p.caseReference!);
      message = nudgeMessage(
        {
          kind: m.kind,
          nudgeId: String(p.nudgeId),
          caseReference: p.caseReference!,
          reason: String(p.reason),
          since: String(p.since),
          step: Number(p.step ?? 0),
          caseSystemUrl: overview.ok ? overview.case.caseSystemUrl : undefined,
        },
        locale,
      );
    } else if (m.kind === 'digest') {
      message = digestMessage(String(p.date), (p.items ?? []) as { caseReference: string; reason: string; since: string }[], now().getTime(), locale);
    } else throw new PermanentDeliveryError(`Slack does not deliver ${m.kind} messages`);

    const dm = await client.conversations.open({ users: user });
    await client.chat.postMessage({ channel: dm.channel!.id!, text: message.text, blocks: message.blocks });
  }
}
