// The outbox's SQL: every statement that writes or reads the `outbox` table. What the rows
// mean (kinds, payloads, delivery, retries) is `../outbox.ts`'s.
import type { OutboxKind, OutboxPayloadOf } from '../messages.js';
import type { OutboxEntry } from '../views.js';
import type { Db } from './db.js';

/** Writes a message for the sender; the dedupe key makes a second write of the same message a no-op. Returns 1 when written. */
export async function enqueue<K extends OutboxKind>(tx: Db, tenant: string, kind: K, recipient: string, dedupeKey: string, notBefore: Date, payload: OutboxPayloadOf<K>): Promise<number> {
  const { rowCount } = await tx.query(
    `INSERT INTO outbox (tenant_id, kind, recipient, payload, dedupe_key, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [tenant, kind, recipient, JSON.stringify(payload), dedupeKey, notBefore],
  );
  return rowCount;
}

/** Which of these dedupe keys the outbox holds (in any state): messages already written. */
export async function enqueuedKeys(db: Db, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const { rows } = await db.query<{ dedupe_key: string }>('SELECT dedupe_key FROM outbox WHERE dedupe_key = ANY($1::text[])', [keys]);
  return new Set(rows.map((r) => r.dedupe_key));
}

/**
 * Tells each open chat thread of a case that something changed (`card`: the plan or
 * coordinator, so the card is redrawn; `closed`: consent withdrawn). In the same
 * transaction as the change, so no change is lost to a crash.
 */
export async function notifyThreads(tx: Db, caseId: string, event: 'card' | 'closed', at: Date, detail: { reason?: string } = {}): Promise<void> {
  const kind: OutboxKind = event === 'card' ? 'thread-card' : 'thread-closed';
  await tx.query(
    `INSERT INTO outbox (tenant_id, kind, recipient, payload, dedupe_key, next_attempt_at)
     SELECT t.tenant_id, $2, 'thread:' || t.platform, jsonb_build_object('caseReference', c.reference) || $4::jsonb,
            'thread:' || t.id || ':' || $2 || ':' || $3, $5
       FROM chat_threads t JOIN cases c ON c.id = t.case_id
      WHERE t.case_id = $1 AND t.closed_at IS NULL
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [caseId, kind, `${at.getTime()}-${Math.random().toString(36).slice(2, 8)}`, JSON.stringify(detail), at],
  );
}

/** A claimed row as stored: its payload still to be checked against its kind. */
export interface ClaimedRow {
  id: string;
  tenant_id: string;
  kind: string;
  recipient: string;
  dedupe_key: string;
  attempts: number;
  payload: unknown;
}

/** Takes up to `limit` due rows (pending, or leased by a sender whose lease ran out) until `leaseUntil`, oldest first. */
export async function claimDue(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedRow[]> {
  const { rows } = await db.query<ClaimedRow>(
    `UPDATE outbox SET status = 'sending', attempts = attempts + 1, locked_until = $2
      WHERE id IN (
        SELECT id FROM outbox
         WHERE next_attempt_at <= $1 AND (status = 'pending' OR (status = 'sending' AND locked_until < $1))
         ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING id::text AS id, tenant_id, kind, recipient, dedupe_key, attempts, payload`,
    [now, leaseUntil, limit],
  );
  return rows.sort((a, b) => Number(a.id) - Number(b.id));
}

export async function markSent(db: Db, id: string, at: Date): Promise<void> {
  await db.query("UPDATE outbox SET status = 'sent', sent_at = $2, locked_until = NULL, last_error = NULL WHERE id = $1", [id, at]);
}

/** Gives back rows claimed but not tried (a sender stopping): pending again, the attempt not counted. */
export async function releaseClaimed(db: Db, ids: string[]): Promise<void> {
  if (ids.length) await db.query("UPDATE outbox SET status = 'pending', locked_until = NULL, attempts = attempts - 1 WHERE id = ANY($1::bigint[]) AND status = 'sending'", [ids]);
}

/** A failed attempt: tried again at `retryAt`, or given up (`dead`). */
export async function markFailed(db: Db, id: string, dead: boolean, retryAt: Date, error: string): Promise<void> {
  await db.query('UPDATE outbox SET status = $2, next_attempt_at = $3, locked_until = NULL, last_error = $4 WHERE id = $1', [id, dead ? 'dead' : 'pending', retryAt, error.slice(0, 1000)]);
}

/** Gives up the messages of a case not yet sent (consent withdrawn), by any reference it has: they stay, dead, with the reason. */
export async function dropPendingOfCase(tx: Db, tenant: string, caseId: string, reason: string): Promise<void> {
  await tx.query(
    "UPDATE outbox SET status = 'dead', last_error = $3 WHERE status = 'pending' AND payload->>'caseReference' IN (SELECT r.reference FROM case_references r WHERE r.case_id = $1) AND tenant_id = $2",
    [caseId, tenant, reason],
  );
}

/**
 * Removes an RC wave's invitations and reminders, sent or not, when it closes: who was
 * reminded is who had not answered, which must not outlive the wave (see 008_rc_waves.sql).
 */
export async function removeWaveAsks(tx: Db, tenant: string, waveId: string): Promise<number> {
  const { rowCount } = await tx.query("DELETE FROM outbox WHERE tenant_id = $1 AND kind IN ('rc-invitation', 'rc-reminder') AND payload->>'waveId' = $2", [tenant, waveId]);
  return rowCount;
}

/** Removes delivered messages sent before `before` (their work is done; the audit log keeps the evidence). */
export async function removeDelivered(db: Db, before: Date): Promise<number> {
  const { rowCount } = await db.query("DELETE FROM outbox WHERE status = 'sent' AND sent_at < $1", [before]);
  return rowCount;
}

/** Messages by state, and how long the oldest pending one that is due has waited (metrics). */
export async function outboxStats(db: Db, now: Date): Promise<{ byStatus: Record<string, number>; oldestDueSeconds: number }> {
  const { rows } = await db.query<{ status: string; n: number; oldest: number | null }>(
    "SELECT status, count(*)::int AS n, extract(epoch FROM $1::timestamptz - min(next_attempt_at) FILTER (WHERE status = 'pending' AND next_attempt_at <= $1))::float8 AS oldest FROM outbox GROUP BY status",
    [now],
  );
  return { byStatus: Object.fromEntries(rows.map((r) => [r.status, r.n])), oldestDueSeconds: Math.max(0, ...rows.map((r) => r.oldest ?? 0)) };
}

/** Gives up a tenant's messages not yet sent to one platform (its app uninstalled): dead, with the reason. */
export async function dropPendingOfTenant(tx: Db, tenant: string, reason: string): Promise<number> {
  const { rowCount } = await tx.query("UPDATE outbox SET status = 'dead', last_error = $2, locked_until = NULL WHERE tenant_id = $1 AND status IN ('pending', 'sending')", [tenant, reason]);
  return rowCount;
}

/**
 * The tenant's newest 500 messages and their delivery, never their payload. An RC wave's
 * invitations and reminders do not name their respondent: a reminder goes only to one who
 * has not answered, and who has not is no one's to see (DOMAIN: respondents are protected).
 */
export async function listOutbox(db: Db, tenant: string, status?: OutboxEntry['status']): Promise<OutboxEntry[]> {
  const { rows } = await db.query<{ id: string; kind: string; recipient: string; status: OutboxEntry['status']; attempts: number; last_error: string | null; next_attempt_at: Date; created_at: Date; sent_at: Date | null }>(
    `SELECT id::text AS id, kind, CASE WHEN kind IN ('rc-invitation', 'rc-reminder') THEN 'respondent' ELSE recipient END AS recipient,
            status, attempts, last_error, next_attempt_at, created_at, sent_at FROM outbox
      WHERE tenant_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY id DESC LIMIT 500`,
    [tenant, status ?? null],
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    recipient: r.recipient,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    nextAttemptAt: new Date(r.next_attempt_at).toISOString(),
    createdAt: new Date(r.created_at).toISOString(),
    sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
  }));
}
