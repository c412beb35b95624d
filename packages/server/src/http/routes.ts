import type { Plan, ResponsibilityMatrix } from '@samspil/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorName, audit, auditTrail } from '../store/audit.js';
import { findCase, getDocument, listCases, putDocument, recordActivity, recordConsent, upsertCase, type DocumentTable, type StoredCase } from '../store/cases.js';
import { NUDGE_COLUMNS, nudgeView, UseCases, type NudgeRow, type Outcome } from '../usecases.js';
import { notifyThreads } from '../store/chat.js';
import type { Db } from '../store/db.js';
import { widgetMayRecord, widgetScope } from '../access.js';
import { parse, type Context } from './app.js';
import { notFound, Problem } from './problem.js';
import { ActivityBody, CaseListQuery, CaseUpsertBody, ConsentBody, CoordinatorBody, MatrixBody, NudgeQuery, OutboxQuery, ParticipantsBody, PlanBody, SnoozeBody, StalledQuery, SuggestionQuery, WidgetTokenBody, WithdrawBody } from './schemas.js';

type WithReference = FastifyRequest<{ Params: { reference: string } }>;

/** The case in the path (the access hook has checked the caller may reach it). */
async function caseOf(db: Db, request: WithReference): Promise<StoredCase> {
  const found = await findCase(db, request.actor.tenant, request.params.reference);
  if (!found) throw notFound(`case ${JSON.stringify(request.params.reference)}`);
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
  if (!m) throw new Problem(400, 'Bad Request', `If-Match must be the document's version, e.g. "3"; got ${JSON.stringify(header).slice(0, 100)}`);
  const version = Number(m[1]);
  // A version is a 32-bit integer in the database.
  if (version > 2_147_483_646) throw new Problem(422, 'Unprocessable Content', 'header If-Match: no document has that version');
  return version;
}

export function caseRoutes({ db, tokens, now }: Context) {
  const useCases = new UseCases(db, now);

  return async (api: FastifyInstance) => {
    api.post('/widget-tokens', { config: { access: 'tenant' } }, async (request, reply) => {
      const body = parse(WidgetTokenBody, request.body);
      // A token reaches a case that exists; it never creates one.
      if (!(await findCase(db, request.actor.tenant, body.caseReference))) throw notFound(`case ${JSON.stringify(body.caseReference)}`);
      const scope = widgetScope(body.scope)!;
      const exp = Math.floor(now().getTime() / 1000) + body.ttlSeconds;
      const token = tokens.sign({ tenant: request.actor.tenant, case: body.caseReference, user: body.user, scope, exp });
      await audit(db, request.actor, 'widget-token.issue', body.caseReference, { user: body.user, scope });
      return reply.status(201).send({ token, scope, expiresAt: new Date(exp * 1000).toISOString() });
    });

    api.get('/cases', { config: { access: 'tenant', query: true } }, async (request) => {
      const query = parse(CaseListQuery, request.query, 'query');
      const cases = await listCases(db, request.actor.tenant, query);
      await audit(db, request.actor, 'case.list', null, { count: cases.length, ...query });
      return { cases: cases.map((c) => c.case) };
    });

    api.put('/cases/:reference', { config: { access: 'tenant' } }, async (request: WithReference, reply) => {
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

    api.get('/cases/:reference', { config: { access: 'case:read' } }, async (request: WithReference) => {
      const stored = await caseOf(db, request);
      await audit(db, request.actor, 'case.read', request.params.reference);
      return stored.case;
    });

    api.put('/cases/:reference/consent', { config: { access: 'tenant' } }, async (request: WithReference) => {
      const stored = await caseOf(db, request);
      const consent = parse(ConsentBody, request.body);
      await db.transaction(async (tx) => {
        await recordConsent(tx, stored.id, consent);
        await recordActivity(tx, stored.id, 'consent-given', now(), actorName(request.actor));
        await audit(tx, request.actor, 'consent.give', request.params.reference, { basis: consent.basis });
      });
      return (await findCase(db, request.actor.tenant, request.params.reference))!.case;
    });

    api.post('/cases/:reference/consent/withdraw', { config: { access: 'tenant' } }, async (request: WithReference) => {
      const body = parse(WithdrawBody, request.body ?? {});
      return outcome(await useCases.withdrawConsent(request.actor, request.params.reference, body.at)).case;
    });

    api.post('/cases/:reference/coordination', { config: { access: 'tenant' } }, async (request: WithReference, reply) => {
      const r = outcome(await useCases.openCoordination(request.actor, request.params.reference));
      return reply.status(r.opened ? 201 : 200).send({ case: r.case, opened: r.opened });
    });

    api.get('/cases/:reference/coordinator/suggestion', { config: { access: 'case:read', query: true } }, async (request: WithReference) => {
      const { requester } = parse(SuggestionQuery, request.query, 'query');
      const r = outcome(await useCases.suggestCoordinator(request.actor, request.params.reference, requester));
      return { person: r.person, department: r.department, basis: r.basis };
    });

    api.put('/cases/:reference/participants', { config: { access: 'tenant' } }, async (request: WithReference) => {
      const stored = await caseOf(db, request);
      const participants = parse(ParticipantsBody, request.body);
      const at = now();
      await db.transaction(async (tx) => {
        await upsertCase(tx, request.actor.tenant, request.params.reference, { participants }, at);
        await recordActivity(tx, stored.id, 'participants-changed', at, actorName(request.actor));
        await audit(tx, request.actor, 'participants.write', request.params.reference, { count: participants.length });
      });
      return (await findCase(db, request.actor.tenant, request.params.reference))!.case;
    });

    api.put('/cases/:reference/coordinator', { config: { access: 'tenant' } }, async (request: WithReference) => {
      const body = parse(CoordinatorBody, request.body);
      return outcome(await useCases.assignCoordinator(request.actor, request.params.reference, body.person, body.reason)).case;
    });

    api.post('/cases/:reference/activities', { config: { access: 'case:plan' } }, async (request: WithReference, reply) => {
      const activity = parse(ActivityBody, request.body);
      if (request.widget && !widgetMayRecord(activity.kind)) throw new Problem(403, 'Forbidden', `a widget token records only a follow-up held (meeting-held), not ${activity.kind}`);
      const at = activity.occurredAt ? new Date(activity.occurredAt) : now();
      // A clock a little ahead is allowed for; an activity in the future would hold off the stall clock.
      if (at.getTime() > now().getTime() + 5 * 60_000) throw new Problem(422, 'Unprocessable Content', 'body occurredAt: must not lie in the future (more than 5 minutes ahead)');
      const stored = await caseOf(db, request);
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
      api.get(`/cases/:reference/${path}`, { config: { access: 'case:read' } }, async (request: WithReference, reply) => {
        const stored = await caseOf(db, request);
        const doc = await getDocument<T>(db, table, stored.id);
        await audit(db, request.actor, `${name}.read`, request.params.reference);
        if (!doc) throw notFound(`the ${name} of case ${JSON.stringify(request.params.reference)}`);
        return reply.header('etag', `"${doc.version}"`).send(doc.body);
      });

      api.put(`/cases/:reference/${path}`, { config: { access: 'case:plan' } }, async (request: WithReference, reply) => {
        const stored = await caseOf(db, request);
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

    api.get('/stalled', { config: { access: 'tenant', query: true } }, async (request) => {
      const query = parse(StalledQuery, request.query, 'query');
      return { cases: await useCases.stalledCases(request.actor, { coordinator: query.coordinator, team: query.team }) };
    });

    api.get('/nudges', { config: { access: 'tenant', query: true } }, async (request) => {
      const query = parse(NudgeQuery, request.query, 'query');
      const { rows } = await db.query<NudgeRow>(
        `SELECT ${NUDGE_COLUMNS} FROM nudges n JOIN cases c ON c.id = n.case_id
          WHERE n.tenant_id = $1 AND ($2::text IS NULL OR n.status = $2) AND ($3::text IS NULL OR n.recipient = $3)
          ORDER BY n.id LIMIT 500`,
        [request.actor.tenant, query.status ?? null, query.recipient ?? null],
      );
      return { nudges: rows.map(nudgeView) };
    });

    api.get('/outbox', { config: { access: 'tenant', query: true } }, async (request) => {
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

    api.post('/nudges/:id/acknowledge', { config: { access: 'tenant', serial: true } }, async (request: FastifyRequest<{ Params: { id: string } }>) => {
      return outcome(await useCases.acknowledgeNudge(request.actor, request.params.id)).nudge;
    });

    api.post('/nudges/:id/snooze', { config: { access: 'tenant', serial: true } }, async (request: FastifyRequest<{ Params: { id: string } }>) => {
      const { businessDays } = parse(SnoozeBody, request.body ?? {});
      return outcome(await useCases.snoozeNudge(request.actor, request.params.id, businessDays)).nudge;
    });

    api.get('/cases/:reference/audit', { config: { access: 'tenant' } }, async (request: WithReference) => {
      await caseOf(db, request);
      await audit(db, request.actor, 'audit.read', request.params.reference);
      return { entries: await auditTrail(db, request.actor.tenant, request.params.reference) };
    });
  };
}
