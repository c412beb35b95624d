import type { Plan, ResponsibilityMatrix } from '@samspil/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorName, audit, auditTrail } from '../store/audit.js';
import { findCase, getDocument, listCases, putDocument, recordActivity, recordConsent, upsertCase, type DocumentTable, type StoredCase } from '../store/cases.js';
import { NUDGE_COLUMNS, nudgeView, UseCases, type NudgeRow, type Outcome } from '../usecases.js';
import { notifyThreads } from '../store/chat.js';
import type { Db } from '../store/db.js';
import { parse, type Context } from './app.js';
import { notFound, Problem } from './problem.js';
import { ActivityBody, CaseListQuery, CaseUpsertBody, ConsentBody, CoordinatorBody, MatrixBody, NudgeQuery, OutboxQuery, ParticipantsBody, PlanBody, SnoozeBody, StalledQuery, SuggestionQuery, WidgetTokenBody, WithdrawBody } from './schemas.js';

type Access = 'read' | 'write';
type WithReference = FastifyRequest<{ Params: { reference: string } }>;

/** API keys may do anything in their tenant; a widget token only its own case, and writes only with scope `write`. */
function allow(request: FastifyRequest, access: Access, reference?: string): void {
  const w = request.widget;
  if (!w) return;
  if (reference === undefined || w.case !== reference) throw new Problem(403, 'Forbidden', 'the widget token is for another case');
  if (access === 'write' && w.scope !== 'write') throw new Problem(403, 'Forbidden', 'the widget token is read-only');
}

function apiKeyOnly(request: FastifyRequest): void {
  if (request.widget) throw new Problem(403, 'Forbidden', 'this needs the tenant\'s API key, not a widget token');
}

async function caseOf(db: Db, request: WithReference, access: Access): Promise<StoredCase> {
  const reference = request.params.reference;
  allow(request, access, reference);
  const found = await findCase(db, request.actor.tenant, reference);
  if (!found) throw notFound(`case ${JSON.stringify(reference)}`);
  return found;
}

/** A use case's refusal as a problem: 404 for what does not exist, 409 for what the case's state forbids. */
function outcome<T>(r: Outcome<T>): T {
  if (r.ok) return r;
  const status = r.reason === 'not-found' || r.reason === 'nudge-not-found' ? 404 : r.reason === 'personal-data' ? 422 : 409;
  throw new Problem(status, status === 404 ? 'Not Found' : 'Conflict', r.detail, { reason: r.reason, ...(r.missing ? { missing: r.missing } : {}) });
}

/** `If-Match: "3"` (or 3, or W/"3") → 3. */
function ifMatch(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(String(header).trim());
  if (!m) throw new Problem(400, 'Bad Request', `If-Match must be the document's version, e.g. "3"; got ${JSON.stringify(header)}`);
  return Number(m[1]);
}

export function caseRoutes({ db, tokens, now }: Context) {
  const useCases = new UseCases(db, now);

  return async (api: FastifyInstance) => {
    api.post('/widget-tokens', async (request, reply) => {
      apiKeyOnly(request);
      const body = parse(WidgetTokenBody, request.body);
      const exp = Math.floor(now().getTime() / 1000) + body.ttlSeconds;
      const token = tokens.sign({ tenant: request.actor.tenant, case: body.caseReference, user: body.user, scope: body.scope, exp });
      await audit(db, request.actor, 'widget-token.issue', body.caseReference, { user: body.user, scope: body.scope });
      return reply.status(201).send({ token, expiresAt: new Date(exp * 1000).toISOString() });
    });

    api.get('/cases', async (request) => {
      apiKeyOnly(request);
      const query = parse(CaseListQuery, request.query, 'query');
      const cases = await listCases(db, request.actor.tenant, query);
      await audit(db, request.actor, 'case.list', null, { count: cases.length, ...query });
      return { cases: cases.map((c) => c.case) };
    });

    api.put('/cases/:reference', async (request: WithReference, reply) => {
      allow(request, 'write', request.params.reference);
      const body = parse(CaseUpsertBody, request.body);
      const at = now();
      const result = await db.transaction(async (tx) => {
        const r = await upsertCase(tx, request.actor.tenant, request.params.reference, body, at);
        await recordActivity(tx, r.id, r.created ? 'case-opened' : 'case-updated', at, actorName(request.actor));
        await audit(tx, request.actor, r.created ? 'case.create' : 'case.update', request.params.reference);
        return r;
      });
      const stored = (await findCase(db, request.actor.tenant, request.params.reference))!;
      return reply.status(result.created ? 201 : 200).send(stored.case);
    });

    api.get('/cases/:reference', async (request: WithReference) => {
      const stored = await caseOf(db, request, 'read');
      await audit(db, request.actor, 'case.read', request.params.reference);
      return stored.case;
    });

    api.put('/cases/:reference/consent', async (request: WithReference) => {
      const stored = await caseOf(db, request, 'write');
      const consent = parse(ConsentBody, request.body);
      await db.transaction(async (tx) => {
        await recordConsent(tx, stored.id, consent);
        await recordActivity(tx, stored.id, 'consent-given', now(), actorName(request.actor));
        await audit(tx, request.actor, 'consent.give', request.params.reference, { basis: consent.basis });
      });
      return (await findCase(db, request.actor.tenant, request.params.reference))!.case;
    });

    api.post('/cases/:reference/consent/withdraw', async (request: WithReference) => {
      allow(request, 'write', request.params.reference);
      const body = parse(WithdrawBody, request.body ?? {});
      return outcome(await useCases.withdrawConsent(request.actor, request.params.reference, body.at)).case;
    });

    api.post('/cases/:reference/coordination', async (request: WithReference, reply) => {
      allow(request, 'write', request.params.reference);
      const r = outcome(await useCases.openCoordination(request.actor, request.params.reference));
      return reply.status(r.opened ? 201 : 200).send({ case: r.case, opened: r.opened });
    });

    api.get('/cases/:reference/coordinator/suggestion', async (request: WithReference) => {
      allow(request, 'read', request.params.reference);
      const { requester } = parse(SuggestionQuery, request.query, 'query');
      const r = outcome(await useCases.suggestCoordinator(request.actor, request.params.reference, requester));
      return { person: r.person, department: r.department, basis: r.basis };
    });

    api.put('/cases/:reference/participants', async (request: WithReference) => {
      const stored = await caseOf(db, request, 'write');
      const participants = parse(ParticipantsBody, request.body);
      const at = now();
      await db.transaction(async (tx) => {
        await upsertCase(tx, request.actor.tenant, request.params.reference, { participants }, at);
        await recordActivity(tx, stored.id, 'participants-changed', at, actorName(request.actor));
        await audit(tx, request.actor, 'participants.write', request.params.reference, { count: participants.length });
      });
      return (await findCase(db, request.actor.tenant, request.params.reference))!.case;
    });

    api.put('/cases/:reference/coordinator', async (request: WithReference) => {
      allow(request, 'write', request.params.reference);
      const body = parse(CoordinatorBody, request.body);
      return outcome(await useCases.assignCoordinator(request.actor, request.params.reference, body.person, body.reason)).case;
    });

    api.post('/cases/:reference/activities', async (request: WithReference, reply) => {
      const stored = await caseOf(db, request, 'write');
      const activity = parse(ActivityBody, request.body);
      const at = activity.occurredAt ? new Date(activity.occurredAt) : now();
      await db.transaction(async (tx) => {
        if (activity.kind === 'decision-requested') {
          await tx.query('INSERT INTO decisions (case_id, id, department, requested_at) VALUES ($1, $2, $3, $4) ON CONFLICT (case_id, id) DO NOTHING', [
            stored.id,
            activity.decision.id,
            activity.decision.department,
            at,
          ]);
        } else if (activity.kind === 'decision-taken') {
          await tx.query('UPDATE decisions SET decided_at = $3 WHERE case_id = $1 AND id = $2 AND decided_at IS NULL', [stored.id, activity.decision.id, at]);
        } else if (activity.kind === 'caseworker-changed') {
          const p = activity.participant;
          await tx.query('DELETE FROM participants WHERE case_id = $1 AND department = $2 AND role = $3', [stored.id, p.department, p.role]);
          await tx.query('INSERT INTO participants (case_id, person, department, role) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [stored.id, p.person, p.department, p.role]);
        }
        const { kind, occurredAt: _, ...detail } = activity;
        await recordActivity(tx, stored.id, kind, at, actorName(request.actor), detail);
        await audit(tx, request.actor, 'activity.record', request.params.reference, { kind });
      });
      return reply.status(201).send({ recorded: activity.kind, occurredAt: at.toISOString() });
    });

    const documentRoutes = <T extends Plan | ResponsibilityMatrix>(path: string, table: DocumentTable, schema: typeof PlanBody | typeof MatrixBody, name: string) => {
      api.get(`/cases/:reference/${path}`, async (request: WithReference, reply) => {
        const stored = await caseOf(db, request, 'read');
        const doc = await getDocument<T>(db, table, stored.id);
        await audit(db, request.actor, `${name}.read`, request.params.reference);
        if (!doc) throw notFound(`the ${name} of case ${JSON.stringify(request.params.reference)}`);
        return reply.header('etag', `"${doc.version}"`).send(doc.body);
      });

      api.put(`/cases/:reference/${path}`, async (request: WithReference, reply) => {
        const stored = await caseOf(db, request, 'write');
        const body = parse(schema, request.body);
        const expected = ifMatch(request);
        const at = now();
        const version = await db.transaction(async (tx) => {
          const current = await getDocument<T>(tx, table, stored.id);
          if (expected === undefined && current) throw new Problem(428, 'Precondition Required', `send If-Match with the ${name}'s version ("${current.version}") to replace it`);
          const v = await putDocument(tx, table, stored.id, body, expected ?? 0);
          if (v === undefined) {
            throw new Problem(409, 'Conflict', `the ${name} is at version ${current?.version ?? 0}, not ${expected}; reload it and apply your change again`, { currentVersion: current?.version ?? 0 });
          }
          await recordActivity(tx, stored.id, `${name}-changed`, at, actorName(request.actor), { version: v });
          await audit(tx, request.actor, `${name}.write`, request.params.reference, { version: v });
          // The plan card in chat shows the plan: it is redrawn in place.
          if (table === 'plans') await notifyThreads(tx, stored.id, 'card', at);
          return v;
        });
        return reply.status(version === 1 ? 201 : 200).header('etag', `"${version}"`).send({ ...body, version });
      });
    };
    documentRoutes<Plan>('plan', 'plans', PlanBody, 'plan');
    documentRoutes<ResponsibilityMatrix>('matrix', 'matrices', MatrixBody, 'matrix');

    api.get('/stalled', async (request) => {
      apiKeyOnly(request);
      const query = parse(StalledQuery, request.query, 'query');
      return { cases: await useCases.stalledCases(request.actor, { coordinator: query.coordinator, team: query.team }) };
    });

    api.get('/nudges', async (request) => {
      apiKeyOnly(request);
      const query = parse(NudgeQuery, request.query, 'query');
      const { rows } = await db.query<NudgeRow>(
        `SELECT ${NUDGE_COLUMNS} FROM nudges n JOIN cases c ON c.id = n.case_id
          WHERE n.tenant_id = $1 AND ($2::text IS NULL OR n.status = $2) AND ($3::text IS NULL OR n.recipient = $3)
          ORDER BY n.id LIMIT 500`,
        [request.actor.tenant, query.status ?? null, query.recipient ?? null],
      );
      return { nudges: rows.map(nudgeView) };
    });

    api.get('/outbox', async (request) => {
      apiKeyOnly(request);
      const { status } = parse(OutboxQuery, request.query, 'query');
      const { rows } = await db.query<{ id: string; kind: string; recipient: string; status: string; attempts: number; last_error: string | null; next_attempt_at: Date; created_at: Date; sent_at: Date | null }>(
        `SELECT id::text AS id, kind, recipient, status, attempts, last_error, next_attempt_at, created_at, sent_at FROM outbox
          WHERE tenant_id = $1 AND ($2::text IS NULL OR status = $2) ORDER BY id DESC LIMIT 500`,
        [request.actor.tenant, status ?? null],
      );
      return {
        messages: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          recipient: r.recipient,
          status: r.status,
          attempts: r.attempts,
          lastError: r.last_error,
          nextAttemptAt: new Date(r.next_attempt_at).toISOString(),
          createdAt: new Date(r.created_at).toISOString(),
          sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
        })),
      };
    });

    api.post('/nudges/:id/acknowledge', async (request: FastifyRequest<{ Params: { id: string } }>) => {
      apiKeyOnly(request);
      return outcome(await useCases.acknowledgeNudge(request.actor, request.params.id)).nudge;
    });

    api.post('/nudges/:id/snooze', async (request: FastifyRequest<{ Params: { id: string } }>) => {
      apiKeyOnly(request);
      const { businessDays } = parse(SnoozeBody, request.body ?? {});
      return outcome(await useCases.snoozeNudge(request.actor, request.params.id, businessDays)).nudge;
    });

    api.get('/cases/:reference/audit', async (request: WithReference) => {
      apiKeyOnly(request);
      await caseOf(db, request, 'read');
      await audit(db, request.actor, 'audit.read', request.params.reference);
      return { entries: await auditTrail(db, request.actor.tenant, request.params.reference) };
    });
  };
}
