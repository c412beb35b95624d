import { Case, Plan, ResponsibilityMatrix } from '@samspil/core';
import type { FastifyRequest } from 'fastify';
import { audit, auditTrail } from '../store/audit.js';
import { caseIdOf, findCase, readCase, getDocument, listCases, type DocumentTable, type StoredCase } from '../store/cases.js';
import { listNudges } from '../store/nudges.js';
import { referencesOf } from '../store/references.js';
import { listOutbox } from '../store/outbox.js';
import { findSurvey } from '../store/surveys.js';
import type { Db } from '../store/db.js';
import { NudgeView } from '../views.js';
import { widgetMayRecord, widgetScope } from '../access.js';
import * as z from 'zod/mini';
import { outcome } from './outcome.js';
import { Problem, notFound } from './problem.js';
import { problems, type Api, type Context } from './route.js';
import {
  ActivityAnswer,
  ActivityBody,
  AuditTrail,
  CaseList,
  CaseRead,
  CaseListQuery,
  CaseUpsertBody,
  ConsentBody,
  CoordinationAnswer,
  CoordinatorBody,
  CoverAnswer,
  CoverBody,
  IfMatchHeaders,
  MatrixAnswer,
  MatrixBody,
  NudgeList,
  NudgeQuery,
  OutboxList,
  OutboxQuery,
  ParticipantsBody,
  PlanAnswer,
  PlanBody,
  ReferenceParams,
  SerialParams,
  SnoozeBody,
  StalledList,
  StalledQuery,
  Suggestion,
  SuggestionQuery,
  WidgetTokenAnswer,
  WidgetTokenBody,
  WithdrawBody,
} from './schemas.js';

/** The case in the path (the access hook has checked the caller may reach it). */
async function caseOf(db: Db, tenant: string, reference: string): Promise<StoredCase> {
  const found = await findCase(db, tenant, reference);
  if (!found) throw notFound(`case ${JSON.stringify(reference)}`);
  return found;
}

/** The database id of the case in the path: what a write needs, without reading the case. */
async function caseIdIn(db: Db, tenant: string, reference: string): Promise<string> {
  const id = await caseIdOf(db, tenant, reference);
  if (!id) throw notFound(`case ${JSON.stringify(reference)}`);
  return id;
}

/** `If-Match: "3"` (or 3, or W/"3") → 3. */
function ifMatch(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(String(header).trim());
  if (!m) throw new Problem(400, 'header If-Match: must be the document\'s version, e.g. "3"');
  const version = Number(m[1]);
  // A version is a 32-bit integer in the database.
  if (version > 2_147_483_646) throw new Problem(422, 'header If-Match: no document has that version');
  return version;
}

export function caseRoutes({ db, tokens, now, pseudonymKey, useCases }: Context) {
  const tenant = (request: FastifyRequest) => request.actor.tenant;

  return async (api: Api) => {
    api.post(
      '/widget-tokens',
      { config: { access: 'tenant' }, schema: { summary: 'Exchange the API key for a widget token (one case, one user, read or plan, or citizen for the citizen\'s portal; or one RC survey, read)', body: WidgetTokenBody, response: { 201: WidgetTokenAnswer, ...problems(404) } } },
      async (request, reply) => {
        const body = request.body;
        const scope = widgetScope(body.scope) as 'read' | 'plan' | 'citizen'; // the body's enum: an overview's token comes from /insights/widget-tokens
        const exp = Math.floor(now().getTime() / 1000) + body.ttlSeconds;
        const invalid = (path: string, message: string) => new Problem(422, `body ${path}: ${message}`, { errors: [{ path, message }] });
        if (body.survey !== undefined) {
          if (body.caseReference !== undefined) throw invalid('survey', 'a token is for a case or a survey, not both');
          if (scope !== 'read') throw invalid('scope', "a survey's token reads its results: scope read");
          if (!(await findSurvey(db, tenant(request), body.survey))) throw notFound(`survey ${body.survey}`);
          const token = tokens.sign({ tenant: tenant(request), survey: body.survey, user: body.user, scope, exp });
          await audit(db, request.actor, 'widget-token.issue', null, { user: body.user, scope, survey: body.survey });
          return reply.status(201).send({ token, scope, expiresAt: new Date(exp * 1000).toISOString() });
        }
        if (body.caseReference === undefined) throw invalid('caseReference', 'required (or a survey)');
        // A token reaches a case that exists; it never creates one.
        await caseOf(db, tenant(request), body.caseReference);
        const token = tokens.sign({ tenant: tenant(request), case: body.caseReference, user: body.user, scope, exp });
        await audit(db, request.actor, 'widget-token.issue', body.caseReference, { user: body.user, scope });
        return reply.status(201).send({ token, scope, expiresAt: new Date(exp * 1000).toISOString() });
      },
    );

    api.get('/cases', { config: { access: 'tenant' }, schema: { summary: 'List cases (filters: stalled, coordinator, status, team)', querystring: CaseListQuery, response: { 200: CaseList } } }, async (request) => {
      const cases = await listCases(db, tenant(request), request.query);
      await audit(db, request.actor, 'case.list', null, { count: cases.length, ...request.query });
      return { cases: cases.map((c) => c.case) };
    });

    api.put(
      '/cases/:reference',
      { config: { access: 'tenant' }, schema: { summary: 'Create or update a case by its reference', params: ReferenceParams, body: CaseUpsertBody, response: { 200: Case, 201: Case } } },
      async (request, reply) => {
        const r = outcome(await useCases.saveCase(request.actor, request.params.reference, request.body));
        return reply.status(r.created ? 201 : 200).send(r.case);
      },
    );

    api.get(
      '/cases/:reference',
      { config: { access: 'case:read' }, schema: { summary: "Read a case by any of its coordination's references, with all of them", params: ReferenceParams, response: { 200: CaseRead, ...problems(404) } } },
      async (request) => {
        const stored = await readCase(db, request.actor, request.params.reference);
        if (!stored) throw notFound(`case ${JSON.stringify(request.params.reference)}`);
        return { ...stored.case, references: await referencesOf(db, stored.id) };
      },
    );

    api.delete(
      '/cases/:reference',
      {
        config: { access: 'tenant' },
        schema: { summary: 'Erase a case: its data, nudges, messages and chat records; the audit log keeps the erasure under a keyed hash of the reference', params: ReferenceParams, response: { 204: z.null(), ...problems(404) } },
      },
      async (request, reply) => {
        outcome(await useCases.eraseCase(request.actor, request.params.reference, pseudonymKey));
        return reply.status(204).send(null);
      },
    );

    api.put(
      '/cases/:reference/consent',
      { config: { access: 'tenant' }, schema: { summary: 'Record consent or another legal basis', params: ReferenceParams, body: ConsentBody, response: { 200: Case, ...problems(404) } } },
      async (request) => outcome(await useCases.giveConsent(request.actor, request.params.reference, request.body)).case,
    );

    api.post(
      '/cases/:reference/consent/withdraw',
      { config: { access: 'tenant' }, schema: { summary: 'Withdraw consent: the coordination closes and its nudges stop', params: ReferenceParams, body: WithdrawBody, response: { 200: Case, ...problems(404, 409) } } },
      async (request) => outcome(await useCases.withdrawConsent(request.actor, request.params.reference, request.body?.at)).case,
    );

    api.post(
      '/cases/:reference/coordination',
      { config: { access: 'tenant' }, schema: { summary: 'Open the coordination (refused without consent across departments)', params: ReferenceParams, response: { 200: CoordinationAnswer, 201: CoordinationAnswer, ...problems(404, 409) } } },
      async (request, reply) => {
        const r = outcome(await useCases.openCoordination(request.actor, request.params.reference));
        return reply.status(r.opened ? 201 : 200).send({ case: r.case, opened: r.opened });
      },
    );

    api.get(
      '/cases/:reference/coordinator/suggestion',
      { config: { access: 'case:read' }, schema: { summary: 'Suggest a plan coordinator', params: ReferenceParams, querystring: SuggestionQuery, response: { 200: Suggestion, ...problems(404) } } },
      async (request) => {
        const r = outcome(await useCases.suggestCoordinator(request.actor, request.params.reference, request.query.requester));
        return { person: r.person, department: r.department, basis: r.basis };
      },
    );

    api.put(
      '/cases/:reference/participants',
      { config: { access: 'tenant' }, schema: { summary: 'Replace the participants', params: ReferenceParams, body: ParticipantsBody, response: { 200: Case, ...problems(404) } } },
      async (request) => outcome(await useCases.setParticipants(request.actor, request.params.reference, request.body)).case,
    );

    api.put(
      '/cases/:reference/coordinator',
      { config: { access: 'tenant' }, schema: { summary: 'Assign the plan coordinator', params: ReferenceParams, body: CoordinatorBody, response: { 200: Case, ...problems(404) } } },
      async (request) => outcome(await useCases.assignCoordinator(request.actor, request.params.reference, request.body.person, request.body.reason)).case,
    );

    api.post(
      '/cases/:reference/activities',
      { config: { access: 'case:plan' }, schema: { summary: 'Record an activity from the case system (it moves the stall clock)', params: ReferenceParams, body: ActivityBody, response: { 201: ActivityAnswer, ...problems(404) } } },
      async (request, reply) => {
        const activity = request.body;
        // The widget token's scope: what a browser may record.
        if (request.widget && !widgetMayRecord(activity.kind)) throw new Problem(403, `a widget token records only a follow-up held (meeting-held), not ${activity.kind}`);
        const r = outcome(await useCases.recordActivity(request.actor, request.params.reference, activity));
        return reply.status(201).send({ recorded: r.kind, occurredAt: r.occurredAt.toISOString() });
      },
    );

    api.post(
      '/cases/:reference/covers',
      { config: { access: 'tenant' }, schema: { summary: 'Record who covers for someone away who carries a responsibility on the case (it ends stall.responsible-absent)', params: ReferenceParams, body: CoverBody, response: { 201: CoverAnswer, ...problems(404) } } },
      async (request, reply) => reply.status(201).send(outcome(await useCases.recordCover(request.actor, request.params.reference, request.body)).cover),
    );

    const documentRoutes = <T extends Plan | ResponsibilityMatrix>(path: string, table: DocumentTable, read: typeof Plan | typeof ResponsibilityMatrix, schema: typeof PlanBody | typeof MatrixBody, answer: typeof PlanAnswer | typeof MatrixAnswer, name: string, title: string) => {
      api.get(
        `/cases/:reference/${path}`,
        { config: { access: 'case:read' }, schema: { summary: `Read ${title} (ETag: its version)`, params: ReferenceParams, response: { 200: read, ...problems(404) } } },
        async (request, reply) => {
          const { reference } = request.params;
          const caseId = await caseIdIn(db, tenant(request), reference);
          const doc = await getDocument<T>(db, table, caseId);
          await audit(db, request.actor, `${name}.read`, reference);
          if (!doc) throw notFound(`the ${name} of case ${JSON.stringify(reference)}`);
          // The plan carries what the citizen wrote before a meeting (issue 28): the plan card shows it.
          const body = table === 'plans' ? await useCases.planWithVoice(caseId, doc.body as Plan) : doc.body;
          return reply.header('etag', `"${doc.version}"`).send(body as never);
        },
      );

      api.put(
        `/cases/:reference/${path}`,
        { config: { access: 'case:plan' }, schema: { summary: `Replace ${title} (If-Match: the version replaced)`, params: ReferenceParams, headers: IfMatchHeaders, body: schema, response: { 200: answer, 201: answer, ...problems(404, 409, 428) } } },
        async (request, reply) => {
          const body = request.body;
          const { version } = outcome(await useCases.replaceDocument(request.actor, request.params.reference, table, body, ifMatch(request)));
          return reply.status(version === 1 ? 201 : 200).header('etag', `"${version}"`).send({ ...body, version } as never);
        },
      );
    };
    documentRoutes<Plan>('plan', 'plans', Plan, PlanBody, PlanAnswer, 'plan', 'the shared plan');
    documentRoutes<ResponsibilityMatrix>('matrix', 'matrices', ResponsibilityMatrix, MatrixBody, MatrixAnswer, 'matrix', 'the collaboration agreement');

    api.get('/stalled', { config: { access: 'tenant' }, schema: { summary: 'Stalled cases with their reasons (filters: coordinator, team)', querystring: StalledQuery, response: { 200: StalledList } } }, async (request) => ({
      cases: await useCases.stalledCases(request.actor, { coordinator: request.query.coordinator, team: request.query.team }),
    }));

    api.get('/nudges', { config: { access: 'tenant' }, schema: { summary: 'Nudges (filters: status, recipient)', querystring: NudgeQuery, response: { 200: NudgeList } } }, async (request) => ({
      nudges: await listNudges(db, tenant(request), request.query),
    }));

    api.get('/outbox', { config: { access: 'tenant' }, schema: { summary: 'Messages to chat and their delivery (filter: status, e.g. dead)', querystring: OutboxQuery, response: { 200: OutboxList } } }, async (request) => ({
      messages: await listOutbox(db, tenant(request), request.query.status),
    }));

    api.post(
      '/nudges/:id/acknowledge',
      { config: { access: 'tenant' }, schema: { summary: 'Acknowledge a nudge: its escalation stops', params: SerialParams, response: { 200: NudgeView, ...problems(404) } } },
      async (request) => outcome(await useCases.acknowledgeNudge(request.actor, request.params.id)).nudge,
    );

    api.post(
      '/nudges/:id/snooze',
      { config: { access: 'tenant' }, schema: { summary: 'Snooze a nudge for N business days (default 3)', params: SerialParams, body: SnoozeBody, response: { 200: NudgeView, ...problems(404) } } },
      async (request) => outcome(await useCases.snoozeNudge(request.actor, request.params.id, request.body?.businessDays)).nudge,
    );

    api.get('/cases/:reference/audit', { config: { access: 'tenant' }, schema: { summary: "Read the case's audit trail", params: ReferenceParams, response: { 200: AuditTrail, ...problems(404) } } }, async (request) => {
      const { reference } = request.params;
      const stored = await caseOf(db, tenant(request), reference);
      await audit(db, request.actor, 'audit.read', reference);
      return { entries: await auditTrail(db, tenant(request), reference, stored.id) };
    });
  };
}
