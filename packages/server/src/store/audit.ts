import type { AuditEntry } from '../views.js';
import type { Db } from './db.js';

/** Who did something: an API key, a widget user (through a widget token), a citizen (through a citizen's widget token), a chat user, or the system. */
export interface Actor {
  tenant: string;
  /** `respondent`: a person answering an RC wave, by the wave's pseudonym (never the person). */
  kind: 'api-key' | 'widget' | 'citizen' | 'chat' | 'system' | 'operator' | 'respondent';
  id: string;
  /** An API key's case system label (issue 26), recorded on the writes made through it. */
  system?: string | undefined;
}

/** An actor as one string, `api-key:…`, `widget:…`: who an activity is recorded for. */
export const actorName = (actor: Actor) => `${actor.kind}:${actor.id}`;

/** The audit log's columns in the order `audit` and the statements that audit as they read (`readCase`) give them. */
export const AUDIT_INSERT = 'INSERT INTO audit_log (tenant_id, actor_kind, actor, action, case_reference, detail)';

/** Records a read or write of case data. Called inside the same transaction as the write it records. */
export async function audit(db: Db, actor: Actor, action: string, caseReference: string | null, detail: Record<string, unknown> = {}): Promise<void> {
  await db.query(`${AUDIT_INSERT} VALUES ($1, $2, $3, $4, $5, $6)`, [
    actor.tenant,
    actor.kind,
    actor.id,
    action,
    caseReference,
    JSON.stringify(actor.system ? { ...detail, keySystem: actor.system } : detail),
  ]);
}

/**
 * At an RC wave's close: its `rc-wave.respond` entries keep that an answer came, and when,
 * but no longer under the wave's pseudonym. A backup taken while the wave ran holds the key,
 * and with it each person's pseudonym: what the audit keeps after close matches none.
 */
export async function forgetRespondents(tx: Db, tenant: string, waveId: string): Promise<number> {
  const { rowCount } = await tx.query(
    "UPDATE audit_log SET actor = 'rc-wave' WHERE tenant_id = $1 AND action = 'rc-wave.respond' AND actor_kind = 'respondent' AND detail->>'wave' = $2",
    [tenant, waveId],
  );
  return rowCount;
}

/** The access refusals audited for one actor, oldest first: which reference (null for a CPR-like one) and which gesture. */
export async function auditedDenials(db: Db, actor: string): Promise<{ case_reference: string | null; detail: { gesture: string } }[]> {
  const { rows } = await db.query<{ case_reference: string | null; detail: { gesture: string } }>("SELECT case_reference, detail FROM audit_log WHERE action = 'access.denied' AND actor = $1 ORDER BY id", [actor]);
  return rows;
}

/** The audit trail of a case: its entries under `caseReference` and, given the coordination's id, under every reference it has had (issue 26). */
export async function auditTrail(db: Db, tenant: string, caseReference: string, caseId?: string): Promise<AuditEntry[]> {
  const { rows } = await db.query<{ actor: string; actor_kind: Actor['kind']; action: string; case_reference: string; at: Date | string; detail: Record<string, unknown> }>(
    `SELECT actor, actor_kind, action, case_reference, at, detail FROM audit_log
      WHERE tenant_id = $1 AND (case_reference = $2 OR case_reference IN (SELECT r.reference FROM case_references r WHERE r.case_id = $3::bigint)) ORDER BY id`,
    [tenant, caseReference, caseId ?? null],
  );
  return rows.map((r) => ({ actor: r.actor, actorKind: r.actor_kind, action: r.action, caseReference: r.case_reference, at: new Date(r.at).toISOString(), detail: r.detail }));
}
