// What every use case shares: its dependencies, and how it says no.
import type { AccessPolicy } from '../access.js';
import type { Clock } from '../clock.js';
import type { Actor } from '../store/audit.js';
import type { Db } from '../store/db.js';

export interface UseCaseDeps {
  db: Db;
  now: Clock;
  policy: AccessPolicy;
}

export type Refusal = {
  ok: false;
  reason: 'not-found' | 'forbidden' | 'not-on-case' | 'invalid' | 'consent-missing' | 'no-consent' | 'nudge-not-found' | 'personal-data' | 'version-required' | 'stale' | 'exists';
  detail: string;
  /** The input's field at fault (`invalid`), when the detail is about one. */
  field?: string;
  /** The departments consent does not cover (`consent-missing`). */
  missing?: string[];
  /** The document's version (`stale`). */
  currentVersion?: number;
};
export type Outcome<T> = ({ ok: true } & T) | Refusal;

export const refuse = (reason: Refusal['reason'], detail: string, more: Pick<Refusal, 'field' | 'missing' | 'currentVersion'> = {}): Refusal => ({ ok: false, reason, detail, ...more });

export const noCase = (reference: string): Refusal => refuse('not-found', `case ${JSON.stringify(reference)} does not exist`);

/**
 * Need to know for a person in chat, who reaches a use case without a route: refused (and
 * audited, by the policy) unless they have a part in the case. An API key's or a widget's
 * credential and scope were checked by the route, once.
 */
export async function personRefusal(deps: UseCaseDeps, actor: Actor, reference: string, gesture: string): Promise<Refusal | undefined> {
  if (actor.kind !== 'chat' || (await deps.policy.mayActOn(actor, reference, gesture))) return undefined;
  return refuse('forbidden', `no access to case ${JSON.stringify(reference)}, or it does not exist`);
}
