// The OpenAPI 3.1 document, generated from the same zod schemas that validate
// the requests, so the two cannot drift apart.
import { Case, Department, Person, Plan, RcComparison, RcResult, ResponsibilityMatrix, Team, type Schema } from '@samspil/core';
import * as z from 'zod/mini';
import { ActivityBody, CaseUpsertBody, ParticipantsBody, ConsentBody, CoordinatorBody, MatrixBody, PlanBody, SnoozeBody, WidgetTokenBody, WithdrawBody } from './schemas.js';

const schemas: Record<string, Schema> = {
  Case,
  Plan,
  ResponsibilityMatrix,
  Department,
  Team,
  Person,
  ParticipantsBody,
  RcResult,
  RcComparison,
  CaseUpsertBody,
  PlanBody,
  MatrixBody,
  ConsentBody,
  WithdrawBody,
  CoordinatorBody,
  ActivityBody,
  WidgetTokenBody,
  SnoozeBody,
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ content: { 'application/json': { schema: ref(name) } } });
const problem = { description: 'A problem (RFC 9457)', content: { 'application/problem+json': { schema: ref('Problem') } } };
const errors = Object.fromEntries(['400', '401', '403', '404', '409', '413', '415', '422', '429'].map((code) => [code, problem]));
const reference = { name: 'reference', in: 'path', required: true, schema: { type: 'string' }, description: "The case's reference in the vendor's system" };
const ifMatch = { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'The version being replaced, e.g. "3" (required once the document exists)' };

function op(summary: string, extra: Record<string, unknown> = {}, ok: Record<string, unknown> = { description: 'OK' }) {
  return { summary, ...extra, responses: { 200: ok, ...errors } };
}

export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'Samspil coordination service', version: '1', description: 'Coordinated case work: cases, the shared plan, the collaboration agreement, consent, stalls and nudges, RC surveys.' },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: "A tenant's API key (ssk_…) or a widget token (swt_…)" } },
      schemas: {
        ...Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' })])),
        Problem: {
          type: 'object',
          properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, instance: { type: 'string' } },
          required: ['type', 'title', 'status'],
        },
      },
    },
    paths: {
      '/widget-tokens': { post: op('Exchange the API key for a widget token (one case, one user, read or write)', { requestBody: json('WidgetTokenBody') }) },
      '/cases': { get: op('List cases (filters: coordinator, status, team)') },
      '/cases/{reference}': {
        parameters: [reference],
        get: op('Read a case', {}, { description: 'The case', ...json('Case') }),
        put: op('Create or update a case by its reference', { requestBody: json('CaseUpsertBody') }, { description: 'The case', ...json('Case') }),
      },
      '/cases/{reference}/consent': { parameters: [reference], put: op('Record consent or another legal basis', { requestBody: json('ConsentBody') }) },
      '/cases/{reference}/consent/withdraw': { parameters: [reference], post: op('Withdraw consent: the coordination closes and its nudges stop', { requestBody: json('WithdrawBody') }) },
      '/cases/{reference}/coordination': { parameters: [reference], post: op('Open the coordination (refused without consent across departments)') },
      '/cases/{reference}/participants': { parameters: [reference], put: op('Replace the participants', { requestBody: json('ParticipantsBody') }) },
      '/departments/{id}': { put: op('Create or update a department (with its head)', { requestBody: json('Department') }) },
      '/teams/{id}': { put: op('Create or update a team (with its lead)', { requestBody: json('Team') }) },
      '/people/{id}': { put: op('Create or update a professional (team lead, chat identities, availability)', { requestBody: json('Person') }) },
      '/cases/{reference}/coordinator': { parameters: [reference], put: op('Assign the plan coordinator', { requestBody: json('CoordinatorBody') }) },
      '/cases/{reference}/coordinator/suggestion': { parameters: [reference], get: op('Suggest a plan coordinator') },
      '/cases/{reference}/activities': { parameters: [reference], post: op('Record an activity from the case system', { requestBody: json('ActivityBody') }) },
      '/cases/{reference}/plan': {
        parameters: [reference],
        get: op('Read the shared plan (ETag: its version)', {}, { description: 'The plan', ...json('Plan') }),
        put: op('Replace the shared plan', { parameters: [ifMatch], requestBody: json('PlanBody') }),
      },
      '/cases/{reference}/matrix': {
        parameters: [reference],
        get: op('Read the collaboration agreement', {}, { description: 'The matrix', ...json('ResponsibilityMatrix') }),
        put: op('Replace the collaboration agreement', { parameters: [ifMatch], requestBody: json('MatrixBody') }),
      },
      '/cases/{reference}/audit': { parameters: [reference], get: op("Read the case's audit trail") },
      '/stalled': { get: op('Stalled cases with their reasons (filters: coordinator, team)') },
      '/nudges': { get: op('Nudges (filters: status, recipient)') },
      '/outbox': { get: op('Messages to chat and their delivery (filter: status, e.g. dead)') },
      '/nudges/{id}/acknowledge': { post: op('Acknowledge a nudge') },
      '/nudges/{id}/snooze': { post: op('Snooze a nudge for N business days', { requestBody: json('SnoozeBody') }) },
      '/rc-surveys': { post: op('Upload an RC survey (text/csv; query: name)', { requestBody: { content: { 'text/csv': { schema: { type: 'string' } } } } }) },
      '/rc-surveys/{id}/results': { get: op('The result of a wave', {}, { description: 'The result', ...json('RcResult') }) },
      '/rc-surveys/{id}/compare': { get: op('Compare two waves (query: from, to)', {}, { description: 'The comparison', ...json('RcComparison') }) },
    },
  };
}
