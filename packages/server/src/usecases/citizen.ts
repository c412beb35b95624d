// The citizen's own (issue 28): what the citizen sees of their case, what they write before a
// meeting, and their withdrawal of consent. The routes reach these with a citizen's widget token
// (scope `citizen`, one case) or the vendor's API key; the access policy allows a citizen nothing else.
// The citizen's words are stored with the case and audited by their length only; chat hears that
// the citizen wrote (the coordination's card is redrawn), never what.
import { citizenView, consentState, hasCpr, type CitizenView, type Plan, type ResponsibilityMatrix } from '@samspil/core';
import { audit, type Actor } from '../store/audit.js';
import { findCase, getDocument } from '../store/cases.js';
import { bookedMeetings, departmentNames, insertVoice, voicesOf } from '../store/citizen.js';
import { findPeople } from '../store/organisation.js';
import { notifyThreads } from '../store/outbox.js';
import { settingsOf, tenantConfig } from '../store/tenants.js';
import { withdrawConsent } from './consent.js';
import { noCase, refuse, type Outcome, type UseCaseDeps } from './outcome.js';

/** What the citizen is told when their text holds a CPR number: kindly, in plain words (the widget says it in Danish or English). */
export const CPR_IN_VOICE = 'please do not write your CPR number (personnummer) here. We know who you are. Write what matters to you without it.';

/** The citizen's view of their case (audited `citizen-view.read`). */
export async function readCitizenView(deps: UseCaseDeps, actor: Actor, reference: string): Promise<Outcome<{ view: CitizenView }>> {
  const view = await viewOf(deps, actor, reference);
  if (!view) return noCase(reference);
  await audit(deps.db, actor, 'citizen-view.read', reference);
  return { ok: true, view };
}

/**
 * Stores what the citizen wrote before a meeting (or a question for it). A text with a CPR number is
 * refused, kindly, and not stored (its refusal audited without the text). Audited `citizen-voice.write`
 * with the text's length only; the coordination's card in chat is redrawn (it says that the citizen
 * wrote, never what). It records no activity: the citizen writing does not make a stalled case look worked on.
 */
export async function writeVoice(deps: UseCaseDeps, actor: Actor, reference: string, input: { text: string; meeting?: string | undefined }): Promise<Outcome<{ writtenAt: string }>> {
  const { db, now } = deps;
  const stored = await findCase(db, actor.tenant, reference);
  if (!stored) return noCase(reference);
  if (hasCpr(input.text)) {
    await audit(db, actor, 'citizen-voice.refused', reference, { reason: 'cpr' });
    return refuse('personal-data', CPR_IN_VOICE, { field: 'text' });
  }
  const at = now();
  const writtenAt = at.toISOString();
  await db.transaction(async (tx) => {
    await insertVoice(tx, stored.id, { text: input.text, writtenAt, ...(input.meeting ? { meeting: input.meeting } : {}) });
    await audit(tx, actor, 'citizen-voice.write', reference, { length: input.text.length, ...(input.meeting ? { meeting: input.meeting } : {}) });
    await notifyThreads(tx, stored.id, 'card', at, { reason: 'citizen-wrote' });
  });
  return { ok: true, writtenAt };
}

/**
 * The citizen withdraws their consent: the whole consent, through the same use case as the API's
 * withdrawal (the coordination closes, its nudges stop, the coordination's place gets its notice),
 * recorded with the citizen as actor. A case resting on a legal basis, or whose consent is not in
 * force, has no consent of the citizen's to withdraw (409).
 */
export async function withdrawAsCitizen(deps: UseCaseDeps, actor: Actor, reference: string): Promise<Outcome<{ view: CitizenView }>> {
  const stored = await findCase(deps.db, actor.tenant, reference);
  if (!stored) return noCase(reference);
  const consent = stored.case.consent;
  if (consent?.basis !== 'consent' || consentState(consent, deps.now().getTime()) !== 'given') return refuse('no-consent', 'there is no consent in force to withdraw');
  const withdrawn = await withdrawConsent(deps, actor, reference);
  if (!withdrawn.ok) return withdrawn;
  const view = await viewOf(deps, actor, reference);
  return view ? { ok: true, view } : noCase(reference);
}

/** The professional's plan with what the citizen wrote (the plan card's `citizenVoice`); the plan as it is when the citizen wrote nothing. */
export async function withVoice(deps: UseCaseDeps, caseId: string, plan: Plan): Promise<Plan> {
  const voice = await voicesOf(deps.db, caseId);
  return voice.length ? { ...plan, citizenVoice: voice } : plan;
}

async function viewOf({ db, now }: UseCaseDeps, actor: Actor, reference: string): Promise<CitizenView | undefined> {
  const stored = await findCase(db, actor.tenant, reference);
  if (!stored) return undefined;
  const c = stored.case;
  const [plan, matrix, voice, meetings, config] = await Promise.all([
    getDocument<Plan>(db, 'plans', stored.id),
    getDocument<ResponsibilityMatrix>(db, 'matrices', stored.id),
    voicesOf(db, stored.id),
    bookedMeetings(db, stored.id),
    tenantConfig(db, actor.tenant),
  ]);
  const coordinator = c.coordinator.current;
  const named = [...new Set([...(coordinator ? [coordinator] : []), ...(plan?.body.interventions ?? []).flatMap((iv) => (iv.owner ? [iv.owner] : [])), ...(matrix?.body.columns ?? []).filter((col) => col.kind === 'person').map((col) => col.id)])];
  const people = await findPeople(db, actor.tenant, named);
  const departmentIds = [...new Set([...c.departments, ...(c.consent?.departments ?? []), ...(plan?.body.interventions ?? []).map((iv) => iv.department), ...(matrix?.body.columns ?? []).filter((col) => col.kind === 'department').map((col) => col.id), ...people.map((p) => p.department)])];
  return citizenView({
    caseReference: c.reference,
    plan: plan?.body,
    matrix: matrix?.body,
    consent: c.consent,
    coordinator: (coordinator && people.find((p) => p.id === coordinator)) || null,
    people,
    departments: await departmentNames(db, actor.tenant, departmentIds),
    meetings,
    rooms: settingsOf(config).rooms,
    voice,
    now: now().getTime(),
  });
}
