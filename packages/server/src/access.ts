// Need to know: the one place that decides who may see or act on a case. Every HTTP
// route names its rule in its config (one hook applies it, see http/app.ts); for a person in
// chat, the use case their gesture calls asks `AccessPolicy` (a read, the gesture itself).
//
// - An API key: its whole tenant (the vendor's system is the source of truth and does
//   its own checks).
// - A widget token: its one case; `read`, or `plan` to replace the plan and the matrix
//   and record a follow-up held. Or its one RC survey's results, `read` only (the
//   heatmap's `src`). Or `citizen`, one case, for the citizen in their portal: the citizen's view, what
//   they write before a meeting, and their withdrawal of consent, and no professional route. Nothing more from a browser.
// - A person (in chat): the cases they have a part in: as a participant, the current
//   plan coordinator, or a team lead or head of a department taking part. A reminder's
//   buttons: its recipient and the others on its escalation ladder.
// - RC waves: an API key, its tenant's; a person in chat starts one when a team lead or a
//   head of department, and sees or closes the waves they started. No one sees an answer.
// Every refusal is audited as `access.denied` (who, which reference, which gesture).
import { hasCpr } from '@samspil/core';
import { audit, type Actor } from './store/audit.js';
import { isLeadOrHead, nudgeWithLadder, peopleWithPart } from './store/access.js';
import { sameCoordination } from './store/references.js';
import { isSerialId, type Db } from './store/db.js';

/** What an HTTP route needs, declared in its config (`config: { access }`). */
export type RouteAccess =
  /** No credentials: liveness and the OpenAPI document, outside the API's authentication. */
  | 'public'
  /** API keys only: the tenant's own organisation, lists across cases, consent, participants, the coordinator. */
  | 'tenant'
  /** An API key, or a widget token for the case in the path. */
  | 'case:read'
  /** An API key, or a widget token with scope `plan` for the case in the path. */
  | 'case:plan'
  /** An API key, or a widget token of scope `citizen` for the case in the path: the citizen's own view, voice and withdrawal. */
  | 'case:citizen'
  /** An API key, or a widget token for the RC survey in the path (`id`). */
  | 'survey:read'
  /** The operator's token only (SAMSPIL_OPERATOR_TOKEN): onboarding municipalities, across tenants. */
  | 'operator'
  /** An API key (its municipality), or a widget token of scope `insights` (what its person may see): the leaders' overview. */
  | 'insights';

/** What a widget token grants. `write` is the name tokens issued before had for `plan`. `citizen`: the citizen's own view, voice and withdrawal of one case. `insights`: the leaders' overview, as one person would see it. */
export type WidgetScope = 'read' | 'plan' | 'insights' | 'citizen';

/** A scope as a token or a request names it, `write` read as `plan`; undefined for anything else. */
export const widgetScope = (scope: unknown): WidgetScope | undefined =>
  scope === 'read' ? 'read' : scope === 'plan' || scope === 'write' ? 'plan' : scope === 'insights' ? 'insights' : scope === 'citizen' ? 'citizen' : undefined;

export interface Caller {
  actor: Actor;
  /** For a widget: its token's case or survey, and scope. */
  widget?: { case?: string | undefined; survey?: string | undefined; person?: string | undefined; scope: WidgetScope } | undefined;
}

/** Why a route refuses the caller, or undefined when it may go on. `path` is the route's path parameters. */
export function routeRefusal(rule: RouteAccess, caller: Caller, path: { reference?: string | undefined; id?: string | undefined }): string | undefined {
  const w = caller.widget;
  if (rule === 'public') return undefined;
  if (rule === 'operator') return caller.actor.kind === 'operator' ? undefined : "this needs the operator's token (SAMSPIL_OPERATOR_TOKEN)";
  if (!w) return caller.actor.kind === 'api-key' ? undefined : 'only an API key or a widget token reaches the API';
  if (rule === 'tenant') return "this needs the tenant's API key, not a widget token";
  if (rule === 'insights') return w.scope === 'insights' ? undefined : 'the widget token is not for the overview';
  if (w.scope === 'insights') return 'the widget token is for the overview only';
  // A citizen's token: the citizen's own routes for its one case; nothing a professional reads or writes.
  if (w.scope === 'citizen' && rule !== 'case:citizen') return "a citizen's token reaches only the citizen's own plan, voice and withdrawal";
  if (rule === 'case:citizen' && w.scope !== 'citizen') return "this is the citizen's own: it needs a citizen's token";
  if (rule === 'survey:read') return w.survey !== undefined && w.survey === path.id ? undefined : 'the widget token is for another survey';
  const reference = path.reference;
  if (reference === undefined || w.case !== reference) return ANOTHER_CASE;
  if (rule === 'case:plan' && w.scope !== 'plan') return 'the widget token is read-only';
  return undefined;
}

/** A widget token's case is not the path's: the hook asks whether both are references of one coordination (`sameCoordination`). */
export const ANOTHER_CASE = 'the widget token is for another case';

/** The activities a widget token with scope `plan` may record: a follow-up held. */
export const widgetMayRecord = (kind: string): boolean => kind === 'meeting-held';

/** A value that must never be stored or echoed (a CPR number) is audited as no reference. */
const referenceToAudit = (reference: string) => (hasCpr(reference) ? null : reference.slice(0, 200));

export class AccessPolicy {
  constructor(private readonly db: Db) {}

  /** Records a refusal: who, which reference, which gesture. */
  async denied(actor: Actor, reference: string | null, gesture: string): Promise<void> {
    await audit(this.db, actor, 'access.denied', reference === null ? null : referenceToAudit(reference), { gesture });
  }

  /**
   * May the actor see and act on the case? API keys and the system: yes within their
   * tenant (whether it exists is the caller's question); a widget: its own case; a person:
   * when they have a part in it. A refusal is audited and does not say whether the case exists.
   */
  async mayActOn(actor: Actor, reference: string, gesture: string): Promise<boolean> {
    const ok = actor.kind === 'api-key' || actor.kind === 'system' ? true : actor.kind === 'chat' ? !hasCpr(reference) && (await this.#hasPart(actor, reference)) : false;
    if (!ok) await this.denied(actor, reference, gesture);
    return ok;
  }

  /**
   * A widget token for one of a coordination's references reaches it by any other (issue 26):
   * both linked to the same coordination now. An unlinked reference's token reaches only itself.
   */
  async sameCoordination(tenant: string, tokenReference: string, reference: string): Promise<boolean> {
    return !hasCpr(reference) && (await sameCoordination(this.db, tenant, tokenReference, reference));
  }

  /** Those of `people` the policy lets see the case: whom a coordination may add, or who may coordinate it. */
  async withPart(tenant: string, reference: string, people: string[]): Promise<Set<string>> {
    return new Set(await peopleWithPart(this.db, tenant, reference, [...new Set(people)]));
  }

  /**
   * May the actor answer a reminder (acknowledge, snooze, reassign)? Only its recipient and
   * the others on its case's escalation ladder, who have a part in the case, and only for the
   * case the reminder is about: a button naming another case or nudge is refused.
   */
  async mayAnswerNudge(actor: Actor, nudgeId: string, reference: string, gesture: string): Promise<boolean> {
    const nudge = isSerialId(nudgeId) ? await nudgeWithLadder(this.db, actor.tenant, nudgeId) : undefined;
    const ok =
      !!nudge &&
      nudge.reference === reference &&
      (actor.kind === 'api-key' || (actor.kind === 'chat' && (nudge.recipient === actor.id || nudge.ladder.includes(actor.id)) && (await this.#hasPart(actor, reference))));
    if (!ok) await this.denied(actor, reference, gesture);
    return ok;
  }

  /** May the actor start an RC wave? An API key or the system; a person who is a team lead or a head of department. Refusals audited. */
  async mayStartWave(actor: Actor, gesture: string): Promise<boolean> {
    const ok = actor.kind === 'api-key' || actor.kind === 'system' || (actor.kind === 'chat' && (await isLeadOrHead(this.db, actor.tenant, actor.id)));
    if (!ok) await this.denied(actor, null, gesture);
    return ok;
  }

  /** May the actor see a wave's status and digest, or close it? An API key or the system; a person: the one who started it. Refusals audited. */
  async mayManageWave(actor: Actor, wave: { startedBy: string | null }, gesture: string): Promise<boolean> {
    const ok = actor.kind === 'api-key' || actor.kind === 'system' || (actor.kind === 'chat' && wave.startedBy === actor.id);
    if (!ok) await this.denied(actor, null, gesture);
    return ok;
  }

  async #hasPart(actor: Actor, reference: string): Promise<boolean> {
    return (await peopleWithPart(this.db, actor.tenant, reference, [actor.id])).length > 0;
  }
}
