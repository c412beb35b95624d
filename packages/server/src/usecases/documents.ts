// A case's shared plan and its collaboration agreement (matrix): replaced whole, against
// the version the writer read; the plan card in chat follows the plan.
import type { Plan, ResponsibilityMatrix } from '@samspil/core';
import { actorName, audit, type Actor } from '../store/audit.js';
import { caseIdOf, documentVersion, putDocument, recordActivity, type DocumentTable } from '../store/cases.js';
import type { Db } from '../store/db.js';
import { notifyThreads } from '../store/outbox.js';
import { noCase, refuse, type Outcome, type UseCaseDeps } from './outcome.js';

const NAMES: Record<DocumentTable, 'plan' | 'matrix'> = { plans: 'plan', matrices: 'matrix' };

/**
 * Replaces the plan or the matrix when `expected` is its version (undefined: there is none
 * yet); the new version is `expected + 1`. Nothing is overwritten on a conflict.
 */
export async function replaceDocument({ db, now }: UseCaseDeps, actor: Actor, reference: string, table: DocumentTable, body: Plan | ResponsibilityMatrix, expected: number | undefined): Promise<Outcome<{ version: number }>> {
  // The case's id only: a write needs nothing more of it.
  const caseId = await caseIdOf(db, actor.tenant, reference);
  if (!caseId) return noCase(reference);
  const at = now();
  return db.transaction((tx) => writeDocument(tx, actor, { id: caseId, reference }, table, body, expected, at));
}

/**
 * The write itself, in the caller's transaction (a meeting's outcome changes the plan with the
 * meeting): the version check, the activity, the audit entry and the card's redraw. A refusal
 * writes nothing.
 */
export async function writeDocument(tx: Db, actor: Actor, c: { id: string; reference: string }, table: DocumentTable, body: Plan | ResponsibilityMatrix, expected: number | undefined, at: Date): Promise<Outcome<{ version: number }>> {
  const name = NAMES[table];
  // What the citizen wrote comes with the plan when it is read; it is stored apart and never written back with it.
  if (table === 'plans' && 'citizenVoice' in body) {
    const { citizenVoice: _voice, ...rest } = body;
    body = rest as Plan;
  }
  // Its version only: the body replaced is not read.
  const current = await documentVersion(tx, table, c.id);
  if (expected === undefined && current !== undefined) return refuse('version-required', `send If-Match with the ${name}'s version ("${current}") to replace it`);
  const version = await putDocument(tx, table, c.id, body, expected ?? 0);
  if (version === undefined) return refuse('stale', `the ${name} is at version ${current ?? 0}, not ${expected}; reload it and apply your change again`, { currentVersion: current ?? 0 });
  await recordActivity(tx, c.id, `${name}-changed`, at, actorName(actor), { version });
  await audit(tx, actor, `${name}.write`, c.reference, { version });
  // The plan card in chat shows the plan: it is redrawn in place.
  if (table === 'plans') await notifyThreads(tx, c.id, 'card', at);
  return { ok: true, version };
}
