// A command: `/samspil …` in Slack, a message to the bot in Teams. Parsed, checked for
// a CPR number before anything else, and dispatched to the gesture it names.
import { hasCpr } from '@samspil/core';
import type { WorkspaceSettings } from '@samspil/server';
import type { ChatContext } from './context.js';
import type { Coordination } from './coordination.js';
import type { MeetingFlows } from './meetings.js';
import { messages } from './messages.js';
import type { PlanCards } from './plan-card.js';
import type { ReferenceFlows } from './references.js';
import { help, stalledList, type CommandReply } from './views.js';
import type { WaveFlows } from './waves.js';

/** Words of a command: the sub-command and its arguments. */
export function parseCommand(text: string): { name: string; args: string[] } {
  const [name = 'help', ...args] = text.trim().split(/\s+/).filter(Boolean);
  return { name: name.toLowerCase(), args };
}

const KNOWN = ['coordinate', 'coordinator', 'status', 'stalled', 'rc', 'handover', 'takeover', 'cover', 'meeting', 'disagreement', 'link'];
/** The Danish words for commands, read as their English names. */
const ALIASES: Record<string, string> = { skift: 'handover', overtag: 'takeover', 'dæk': 'cover', 'møde': 'meeting', uenighed: 'disagreement', forbind: 'link' };

/**
 * A command that only reads and answers (help, a word not known, status, stalled): a platform
 * may run it beside the check that its delivery is a first, as long as the answer waits for that.
 * Everything else writes, so it waits for the check before it starts.
 */
export function answersOnly(text: string): boolean {
  const { name } = parseCommand(text);
  const command = ALIASES[name] ?? name;
  return command === 'help' || command === 'status' || command === 'stalled' || !KNOWN.includes(command);
}

export class Commands {
  constructor(
    private readonly context: ChatContext,
    private readonly gestures: { coordination: Coordination; cards: PlanCards; waves: WaveFlows; meetings: MeetingFlows; references: ReferenceFlows },
  ) {}

  /** A command's answer. `mentions` are the chat users named in it; `prefix` how the platform writes a command (`/samspil `). */
  async run(tenant: string, settings: WorkspaceSettings, userId: string, text: string, mentions: string[], prefix: string): Promise<CommandReply> {
    const { context } = this;
    const { coordination, cards, waves } = this.gestures;
    const locale = context.localeIn(settings);
    const t = messages[locale];
    const parsed = parseCommand(text);
    const name = ALIASES[parsed.name] ?? parsed.name;
    const args = parsed.args;
    if (name === 'help') return { kind: 'help', model: help(locale, prefix) };
    if (!KNOWN.includes(name)) return { kind: 'help', model: help(locale, prefix), before: t.unknownCommand(name) };
    const person = await context.person(tenant, userId);
    if (!person) return { kind: 'text', text: t.notLinked };
    // A CPR number anywhere in the command (also split by a space) goes no further, and is not echoed.
    if (hasCpr(text)) {
      await context.deps.policy.denied(context.actor(tenant, person), null, name);
      return { kind: 'text', text: t.notAReference };
    }
    if (name === 'rc') return waves.command(tenant, person, args, locale);
    const reference = args[0];
    switch (name) {
      case 'coordinate':
        if (!reference) return { kind: 'text', text: t.usage(`${prefix}coordinate SAGSNR`) };
        return { kind: 'text', text: await coordination.open(tenant, person, reference, settings) };
      case 'coordinator': {
        const target = mentions[0];
        if (!reference || !target) return { kind: 'text', text: t.usage(`${prefix}coordinator SAGSNR @person`) };
        return { kind: 'text', text: (await coordination.assign(tenant, person, reference, target, 'assigned in chat')).text };
      }
      case 'handover': {
        const target = mentions[0];
        if (!reference || !target) return { kind: 'text', text: t.usage(`${prefix}${parsed.name === 'skift' ? 'skift' : 'handover'} ${t === messages.da ? 'SAGSNR' : 'CASE-REF'} @person`) };
        return { kind: 'text', text: (await coordination.handOver(tenant, person, reference, target)).text };
      }
      case 'takeover':
        if (!reference) return { kind: 'text', text: t.usage(`${prefix}${parsed.name === 'overtag' ? 'overtag' : 'takeover'} ${t === messages.da ? 'SAGSNR' : 'CASE-REF'}`) };
        return { kind: 'text', text: (await coordination.takeOver(tenant, person, reference)).text };
      case 'cover': {
        const [away, by] = mentions;
        if (!reference || !away || !by) return { kind: 'text', text: t.usage(`${prefix}${parsed.name === 'dæk' ? 'dæk' : 'cover'} ${t === messages.da ? 'SAGSNR @fraværende @dækker' : 'CASE-REF @away @covering'}`) };
        return { kind: 'text', text: (await coordination.cover(tenant, person, reference, away, by)).text };
      }
      // The good meeting (issue 25): the word as typed, for the usage line.
      case 'meeting':
        return { kind: 'text', text: await this.gestures.meetings.book(tenant, person, args, `${prefix}${parsed.name}`, locale) };
      case 'disagreement':
        return { kind: 'text', text: await this.gestures.meetings.raise(tenant, person, args, `${prefix}${parsed.name}`, locale) };
      // One plan however many case systems (issue 26): another system's reference linked by the plan coordinator.
      case 'link':
        return { kind: 'text', text: await this.gestures.references.link(tenant, person, args, `${prefix}${parsed.name}`, locale) };
      case 'status': {
        if (!reference) return { kind: 'text', text: t.usage(`${prefix}status SAGSNR`) };
        const card = await cards.cardFor(tenant, person, reference, 'status', false);
        return card.ok ? { kind: 'card', card: card.card } : { kind: 'text', text: card.text };
      }
      default: {
        const cases = await context.deps.useCases.stalledCases(context.actor(tenant, person), { member: person.id, viewer: person.id });
        return { kind: 'list', model: stalledList(cases, await context.format(tenant, cases.map((c) => c.coordinator)), locale) };
      }
    }
  }
}
