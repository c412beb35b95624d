// The chat gestures, the same on every platform, put together once for a platform: each
// flow takes the context and the flows it hands on to, and none imports this file.
import type { ChatPort } from '@samspil/server';
import { Commands } from './commands.js';
import { ChatContext, type FlowDeps } from './context.js';
import { Coordination } from './coordination.js';
import { Delivery } from './delivery.js';
import { homePage } from './home.js';
import { MeetingFlows } from './meetings.js';
import { OutboxPort } from './outbox-port.js';
import { PlanCards } from './plan-card.js';
import { ReferenceFlows } from './references.js';
import type { Platform } from './platform.js';
import { Reminders } from './reminders.js';
import type { TextModel } from './views.js';
import { WaveFlows } from './waves.js';

export class ChatFlows {
  readonly context: ChatContext;
  readonly cards: PlanCards;
  readonly coordination: Coordination;
  readonly reminders: Reminders;
  /** RC measurement waves: `rc …` and the questions one partner group at a time. */
  readonly waves: WaveFlows;
  /** The good meeting: booking, the outcome form, joint decisions confirmed, disagreements. */
  readonly meetings: MeetingFlows;
  /** A coordination's case references: `forbind`/`link` (issue 26). */
  readonly references: ReferenceFlows;
  readonly commands: Commands;
  readonly delivery: Delivery;
  /** The outbox's way into the platform. */
  readonly port: ChatPort;

  constructor(deps: FlowDeps, platform: Platform) {
    const context = (this.context = new ChatContext(deps, platform));
    this.cards = new PlanCards(context);
    this.coordination = new Coordination(context, this.cards);
    this.reminders = new Reminders(context, this.coordination);
    this.waves = new WaveFlows(context);
    this.meetings = new MeetingFlows(context);
    this.references = new ReferenceFlows(context);
    this.commands = new Commands(context, { coordination: this.coordination, cards: this.cards, waves: this.waves, meetings: this.meetings, references: this.references });
    this.delivery = new Delivery(context, this.coordination, this.meetings);
    this.port = new OutboxPort(platform.name, (m) => this.delivery.deliver(m), (error) => platform.classify(error));
  }

  /** A person's home page in the app. */
  home(tenant: string, userId: string): Promise<TextModel> {
    return homePage(this.context, tenant, userId);
  }
}
