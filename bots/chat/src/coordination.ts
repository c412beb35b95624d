// A case's coordination on a platform: opened (the consent gate is the use case's), its
// place made in steps that are each recorded, so that a failure or a crash after any of
// them is resumed by the next attempt or the start-up sweep; its coordinator assigned;
// its card redrawn in place; closed when consent is withdrawn.
import {
  abandonedOpenings,
  claimThread,
  closeThread,
  findThread,
  finishThread,
  peopleOf,
  recordThread,
  workspaceOfTenant,
  type Actor,
  type ChatPerson,
  type ChatThread,
  type WorkspaceSettings,
} from '@samspil/server';
import type { ChatContext } from './context.js';
import { GESTURE_DEADLINE_MS, sleep } from './failures.js';
import type { PlanCards } from './plan-card.js';
import type { ChatPlace } from './platform.js';

/** How long one request holds the opening of a place before another may take it over; renewed at each step. */
export const OPENING_LEASE_MS = 120_000;

export class Coordination {
  constructor(
    private readonly context: ChatContext,
    private readonly cards: PlanCards,
  ) {}

  /**
   * `coordinate`: opens the case's coordination (the consent gate is the use case's),
   * then its place on the platform with the case's participants found by e-mail, and
   * the plan card. Returns the open one when there is one.
   */
  async open(tenant: string, requester: ChatPerson, reference: string, settings: WorkspaceSettings, request?: { departments: string[]; note: string }): Promise<string> {
    const { context } = this;
    const { useCases, db, now } = context.deps;
    const { platform } = context;
    const t = await context.textsOf(tenant);
    const actor = context.actor(tenant, requester);
    // Need to know is the use case's to check (and audit); a reference that is none is refused here.
    const refused = await context.notAReference(actor, reference, 'coordinate');
    if (refused) return refused;
    const opened = request ? await useCases.requestCoordination(actor, reference, request.departments, request.note, 'coordinate') : await useCases.openCoordination(actor, reference, 'coordinate');
    if (!opened.ok) {
      if (opened.reason === 'consent-missing') {
        const names = await context.departmentNames(tenant);
        return t.consentMissing(reference, (opened.missing ?? []).map((d) => names[d] ?? d).join(', '));
      }
      return opened.reason === 'personal-data' ? t.personalData : t.noAccess(reference);
    }
    // The place is claimed before anything is created on the platform: of two requests at once
    // (or a replay), one opens it and the other is told it is being opened, then given the link.
    const claim = await claimThread(db, tenant, platform.name, reference, now(), OPENING_LEASE_MS);
    if (!claim) return t.noAccess(reference);
    if (!claim.claimed) {
      const open = claim.thread.state === 'open' ? claim.thread : await this.#whenOpened(tenant, reference);
      return open?.channel ? t.alreadyOpen(reference, platform.placeLink(open as ChatPlace, t.thread)) : t.opening(reference);
    }
    const { place, missing } = await this.#openPlace(tenant, actor, reference, settings, claim.thread, [requester.id, ...opened.case.participants.map((p) => p.person)]);
    // Opened, to the one who made its place: of two at once, one may open the coordination and
    // the other claim its place; the first is then told it was open already (with the link).
    const made = !claim.thread.channel;
    const lines = [(opened.opened || made ? t.opened : t.alreadyOpen)(reference, platform.placeLink(place, t.thread))];
    if (missing.length) lines.push(t.notInvited(missing.join(', ')));
    return lines.join('\n');
  }

  /**
   * The steps of opening a place, each recorded when done, so that a failure or a crash after
   * any of them is finished by the next attempt (or the start-up sweep), never done twice.
   */
  async #openPlace(tenant: string, actor: Actor, reference: string, settings: WorkspaceSettings, claimed: ChatThread, people: string[]): Promise<{ place: ChatPlace; missing: string[] }> {
    const { context } = this;
    const { db, now } = context.deps;
    const { platform } = context;
    const name = platform.name;
    const lease = () => new Date(now().getTime() + OPENING_LEASE_MS);
    // Deadlines are elapsed time, not the time of day: the monotonic clock.
    const deadline = performance.now() + GESTURE_DEADLINE_MS;
    const retrying = <T>(call: () => Promise<T>) => context.retrying(call, deadline);
    // Only those of `people` the policy lets see the case are added to its place.
    const allowed = await context.deps.policy.withPart(tenant, reference, people);
    const found: string[] = [];
    const missing: string[] = [];
    for (const p of await peopleOf(db, tenant, name, [...allowed])) {
      const user = await retrying(() => context.chatUser(tenant, p));
      if (user) found.push(user);
      else missing.push(p.name);
    }
    const card = await this.cards.card(actor, reference);
    if (!card.ok) throw new Error(`the card of ${reference} could not be drawn`);

    let place = claimed.channel ? ({ channel: claimed.channel, thread: claimed.thread, card: claimed.card } as ChatPlace) : undefined;
    if (!place) {
      place = await retrying(() => platform.createPlace(tenant, reference, { ...context.deps.defaults, ...settings }, card.card));
      await recordThread(db, tenant, name, reference, place, lease());
    }
    const at = place;
    if (!claimed.steps.includes('invited')) {
      await retrying(() => platform.invite(tenant, at, found));
      await recordThread(db, tenant, name, reference, { step: 'invited' }, lease());
    }
    if (!place.card) {
      const id = await retrying(() => platform.postCard(tenant, at, card.card));
      place = { ...place, card: id };
      await recordThread(db, tenant, name, reference, { card: id }, lease());
    }
    const pinned = place;
    if (!claimed.steps.includes('pinned')) {
      await retrying(() => platform.pin(tenant, pinned));
      await recordThread(db, tenant, name, reference, { step: 'pinned' }, lease());
    }
    await finishThread(db, tenant, name, reference);
    return { place, missing };
  }

  /** Another request is opening the place: its link once it is open, or undefined after a while. */
  async #whenOpened(tenant: string, reference: string, waitMs = 20_000): Promise<ChatThread | undefined> {
    for (const until = performance.now() + waitMs; performance.now() < until; ) {
      await sleep(200);
      const found = await findThread(this.context.deps.db, tenant, this.context.platform.name, reference);
      if (found?.state === 'open' && !found.closed) return found;
    }
    return undefined;
  }

  /** Openings left half done by a service that died (their lease ran out): finished, as the system. */
  async finishAbandoned(): Promise<number> {
    const { context } = this;
    const { db, now, useCases, log } = context.deps;
    const name = context.platform.name;
    let finished = 0;
    for (const { tenant, reference } of await abandonedOpenings(db, name, now())) {
      const claim = await claimThread(db, tenant, name, reference, now(), OPENING_LEASE_MS);
      if (!claim?.claimed) continue;
      const settings = (await workspaceOfTenant(db, tenant, name))?.settings ?? {};
      const system = context.system(tenant);
      try {
        const overview = await useCases.caseOverview(system, reference);
        await this.#openPlace(tenant, system, reference, settings, claim.thread, overview.ok ? overview.case.participants.map((p) => p.person) : []);
        finished++;
      } catch (error) {
        log.warn(`${name}: could not finish opening a coordination: ${(error as Error).message}`);
      }
    }
    return finished;
  }

  /** Makes the professional behind a chat user the plan coordinator; the card follows. */
  async assign(tenant: string, by: ChatPerson, reference: string, userId: string, reason: string): Promise<{ ok: boolean; text: string }> {
    const target = await this.context.person(tenant, userId);
    if (!target) return { ok: false, text: (await this.context.textsOf(tenant)).coordinatorUnknown };
    return this.assignPerson(tenant, by, reference, target, reason);
  }

  /**
   * Makes a person the plan coordinator: `by` must have a part in the case, and so must the
   * person (a forged button is refused); the use case checks both.
   */
  async assignPerson(tenant: string, by: ChatPerson, reference: string, target: Pick<ChatPerson, 'id'> & Partial<ChatPerson>, reason: string, gesture = 'coordinator'): Promise<{ ok: boolean; text: string }> {
    const { context } = this;
    const actor = context.actor(tenant, by);
    const refused = await context.notAReference(actor, reference, gesture);
    if (refused) return { ok: false, text: refused };
    const r = await context.deps.useCases.assignCoordinator(actor, reference, target.id, reason, gesture);
    if (!r.ok) {
      const t = await context.textsOf(tenant);
      return { ok: false, text: r.reason === 'not-on-case' ? t.notOnCase : t.noAccess(reference) };
    }
    // The outbox redraws the card as well; redrawing now shows it at once (it is idempotent).
    await this.refreshCard(tenant, reference);
    const f = await context.format(tenant, [target.id]);
    return { ok: true, text: (await context.textsOf(tenant)).coordinatorSet(reference, f.person(target.id)) };
  }

  /**
   * `skift`/`handover`: the plan coordinator makes the professional behind a chat user the case's
   * caseworker in their department (the use case checks who may); the card follows.
   */
  async handOver(tenant: string, by: ChatPerson, reference: string, userId: string, gesture = 'handover'): Promise<{ ok: boolean; text: string }> {
    const { context } = this;
    const t = await context.textsOf(tenant);
    const target = await context.person(tenant, userId);
    if (!target) return { ok: false, text: t.coordinatorUnknown };
    const actor = context.actor(tenant, by);
    const refused = await context.notAReference(actor, reference, gesture);
    if (refused) return { ok: false, text: refused };
    const r = await context.deps.useCases.handOver(actor, reference, target.id, gesture);
    if (!r.ok) return { ok: false, text: r.reason === 'invalid' ? t.coordinatorUnknown : r.detail.startsWith('only the plan coordinator') ? t.handoverOnlyCoordinator : t.noAccess(reference) };
    await this.refreshCard(tenant, reference);
    // No one named: the reference and what happened.
    return { ok: true, text: t.handedOver(reference) };
  }

  /** The take-over (a button or `overtag`/`takeover`): the person recorded as having taken the case over. */
  async takeOver(tenant: string, by: ChatPerson, reference: string, gesture = 'take-over'): Promise<{ ok: boolean; text: string }> {
    const { context } = this;
    const t = await context.textsOf(tenant);
    const actor = context.actor(tenant, by);
    const refused = await context.notAReference(actor, reference, gesture);
    if (refused) return { ok: false, text: refused };
    const r = await context.deps.useCases.takeOver(actor, reference, gesture);
    return r.ok ? { ok: true, text: t.takenOver(reference) } : { ok: false, text: t.noAccess(reference) };
  }

  /** `dæk`/`cover`: who covers for someone away on the case (all their responsibilities on it, from now); the stall check looks again at once. */
  async cover(tenant: string, by: ChatPerson, reference: string, awayUserId: string, coverUserId: string, gesture = 'cover'): Promise<{ ok: boolean; text: string }> {
    const { context } = this;
    const t = await context.textsOf(tenant);
    const [away, covering] = [await context.person(tenant, awayUserId), await context.person(tenant, coverUserId)];
    if (!away || !covering) return { ok: false, text: t.coordinatorUnknown };
    const actor = context.actor(tenant, by);
    const refused = await context.notAReference(actor, reference, gesture);
    if (refused) return { ok: false, text: refused };
    const r = await context.deps.useCases.recordCover(actor, reference, { person: away.id, by: covering.id }, gesture);
    if (!r.ok) return { ok: false, text: r.reason === 'invalid' ? t.coverSelf : t.noAccess(reference) };
    return { ok: true, text: t.coverSet(reference) };
  }

  /** A new caseworker joins the case's open place (added or mentioned again, harmlessly), if they have a part in the case and a chat user. */
  async join(tenant: string, reference: string, person: string): Promise<void> {
    const { context } = this;
    const thread = await findThread(context.deps.db, tenant, context.platform.name, reference);
    if (!thread || thread.closed || !thread.channel) return;
    if (!(await context.deps.policy.withPart(tenant, reference, [person])).has(person)) return;
    const [p] = await peopleOf(context.deps.db, tenant, context.platform.name, [person]);
    const user = p && (await context.chatUser(tenant, p));
    if (user) await context.platform.invite(tenant, thread as ChatPlace, [user]);
  }

  /** Redraws the coordination's card in place, never a new message. */
  async refreshCard(tenant: string, reference: string): Promise<void> {
    const { context } = this;
    const thread = await findThread(context.deps.db, tenant, context.platform.name, reference);
    if (!thread || thread.closed || !thread.channel || !thread.card) return;
    const card = await this.cards.card(context.system(tenant), reference);
    if (card.ok) await context.platform.updateCard(tenant, thread as ChatPlace, card.card);
  }

  /** Consent withdrawn: a notice, then the place closed. */
  async close(tenant: string, reference: string): Promise<void> {
    const { context } = this;
    const thread = await findThread(context.deps.db, tenant, context.platform.name, reference);
    if (!thread || thread.closed) return;
    if (thread.channel) await context.platform.closePlace(tenant, thread as ChatPlace, `🔒 ${(await context.textsOf(tenant)).closedConsent(reference)}`);
    await closeThread(context.deps.db, tenant, context.platform.name, reference, context.deps.now());
  }
}
