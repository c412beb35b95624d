// Every write, whatever the channel: the REST API's routes, the chat gestures and the CLI call
// these, and nothing here knows about HTTP, Slack or Teams. Each takes the actor, asks the
// access policy what is the use case's to ask (need to know for a person in chat; a route has
// checked the credential and its scope), runs one transaction with its audit entry and puts
// what chat must hear in the outbox. One module per aggregate; `UseCases` holds them together.
import type { Case, Consent, Department, Participant, Person, Plan, ResponsibilityMatrix, Team } from '@samspil/core';
import { AccessPolicy } from '../access.js';
import { systemClock, type Clock } from '../clock.js';
import type { Actor } from '../store/audit.js';
import type { CaseUpsert, DocumentTable } from '../store/cases.js';
import type { ChatPlatform, LinkedWorkspace } from '../store/chat.js';
import type { Db } from '../store/db.js';
import type { StalledFilter } from '../store/nudges.js';
import type { NudgeView, StalledCase, SurveySummary } from '../views.js';
import * as activities from './activities.js';
import * as cases from './cases.js';
import * as citizen from './citizen.js';
import * as consent from './consent.js';
import * as covers from './covers.js';
import * as decisions from './decisions.js';
import * as disagreements from './disagreements.js';
import * as meetings from './meetings.js';
import * as chatSettings from './chat-settings.js';
import * as documents from './documents.js';
import * as erasure from './erasure.js';
import * as nudges from './nudges.js';
import * as invitations from './invitations.js';
import * as organisation from './organisation.js';
import type { Outcome, UseCaseDeps } from './outcome.js';
import * as participants from './participants.js';
import * as references from './references.js';
import * as settings from './settings.js';
import * as surveys from './surveys.js';
import * as tenants from './tenants.js';

export type { Activity } from './activities.js';
export type { CaseOverview } from './cases.js';
export type { MeetingBooking } from './meetings.js';
export type { CaseReference, LinkAnswer } from './references.js';
export type { ReminderAnswer, ReminderButton } from './nudges.js';
export type { Outcome, Refusal, UseCaseDeps } from './outcome.js';

export class UseCases {
  readonly #deps: UseCaseDeps;
  readonly #plans = new cases.PlanCache();

  constructor(db: Db, now: Clock = systemClock, policy = new AccessPolicy(db)) {
    this.#deps = { db, now, policy };
  }

  // Cases and their coordination.
  saveCase(actor: Actor, reference: string, input: CaseUpsert): Promise<Outcome<{ case: Case; created: boolean }>> {
    return cases.saveCase(this.#deps, actor, reference, input);
  }
  openCoordination(actor: Actor, reference: string, gesture?: string): Promise<Outcome<{ case: Case; opened: boolean }>> {
    return cases.openCoordination(this.#deps, actor, reference, gesture);
  }
  requestCoordination(actor: Actor, reference: string, departments: string[], note: string, gesture?: string): Promise<Outcome<{ case: Case; opened: boolean }>> {
    return cases.requestCoordination(this.#deps, actor, reference, departments, note, gesture);
  }
  assignCoordinator(actor: Actor, reference: string, person: string | null, reason?: string, gesture?: string): Promise<Outcome<{ case: Case }>> {
    return cases.assignCoordinator(this.#deps, actor, reference, person, reason, gesture);
  }
  suggestCoordinator(actor: Actor, reference: string, requester: string): ReturnType<typeof cases.suggestCoordinator> {
    return cases.suggestCoordinator(this.#deps, actor, reference, requester);
  }
  caseOverview(actor: Actor, reference: string): Promise<Outcome<cases.CaseOverview>> {
    return cases.caseOverview(this.#deps, this.#plans, actor, reference);
  }
  /** A case as a person in chat asks for it: need to know, the overview, the people it names and its meetings, audited, in one statement. */
  caseOverviewFor(actor: Actor, reference: string, gesture: string, platform: ChatPlatform): ReturnType<typeof cases.caseOverviewFor> {
    return cases.caseOverviewFor(this.#deps, this.#plans, actor, reference, gesture, platform);
  }
  casesCoordinatedBy(actor: Actor, person: string): Promise<{ case: Case; reasons: NudgeView[] }[]> {
    return cases.casesCoordinatedBy(this.#deps, actor, person);
  }

  /** Erases a case; the audit log keeps the fact under a pseudonym made with `pseudonymKey`. */
  eraseCase(actor: Actor, reference: string, pseudonymKey: string): Promise<Outcome<object>> {
    return erasure.eraseCase(this.#deps, actor, reference, pseudonymKey);
  }

  // Consent, side by side.
  giveConsent(actor: Actor, reference: string, given: Consent): Promise<Outcome<{ case: Case }>> {
    return consent.giveConsent(this.#deps, actor, reference, given);
  }
  withdrawConsent(actor: Actor, reference: string, at?: string): Promise<Outcome<{ case: Case }>> {
    return consent.withdrawConsent(this.#deps, actor, reference, at);
  }

  // The citizen's own (issue 28): their view, their voice before a meeting, their withdrawal.
  readCitizenView(actor: Actor, reference: string): ReturnType<typeof citizen.readCitizenView> {
    return citizen.readCitizenView(this.#deps, actor, reference);
  }
  writeVoice(actor: Actor, reference: string, input: { text: string; meeting?: string | undefined }): ReturnType<typeof citizen.writeVoice> {
    return citizen.writeVoice(this.#deps, actor, reference, input);
  }
  withdrawAsCitizen(actor: Actor, reference: string): ReturnType<typeof citizen.withdrawAsCitizen> {
    return citizen.withdrawAsCitizen(this.#deps, actor, reference);
  }
  /** The plan with what the citizen wrote, for those who read the plan. */
  planWithVoice(caseId: string, plan: Plan): Promise<Plan> {
    return citizen.withVoice(this.#deps, caseId, plan);
  }

  // A coordination's case references, one per case system (issue 26).
  linkReference(actor: Actor, reference: string, other: string, system?: string, gesture?: string): Promise<Outcome<references.LinkAnswer>> {
    return references.linkReference(this.#deps, actor, reference, other, system, gesture);
  }
  unlinkReference(actor: Actor, reference: string, other: string, gesture?: string): Promise<Outcome<references.LinkAnswer>> {
    return references.unlinkReference(this.#deps, actor, reference, other, gesture);
  }
  joinCoordinations(actor: Actor, reference: string, other: string, coordinator?: string, gesture?: string): ReturnType<typeof references.joinCoordinations> {
    return references.joinCoordinations(this.#deps, actor, reference, other, coordinator, gesture);
  }

  setParticipants(actor: Actor, reference: string, list: Participant[]): Promise<Outcome<{ case: Case }>> {
    return participants.setParticipants(this.#deps, actor, reference, list);
  }

  // The plan and the matrix.
  replaceDocument(actor: Actor, reference: string, table: DocumentTable, body: Plan | ResponsibilityMatrix, expected: number | undefined): Promise<Outcome<{ version: number }>> {
    return documents.replaceDocument(this.#deps, actor, reference, table, body, expected);
  }

  // Activities and decisions.
  recordActivity(actor: Actor, reference: string, activity: activities.Activity, gesture?: string): Promise<Outcome<{ kind: string; occurredAt: Date }>> {
    return activities.recordActivity(this.#deps, actor, reference, activity, gesture);
  }

  // Stalls and their nudges.
  stalledCases(actor: Actor, filter: StalledFilter, audited = true): Promise<StalledCase[]> {
    return nudges.stalledCases(this.#deps, actor, filter, audited);
  }
  acknowledgeNudge(actor: Actor, nudgeId: string): Promise<Outcome<{ nudge: NudgeView }>> {
    return nudges.acknowledgeNudge(this.#deps, actor, nudgeId);
  }
  snoozeNudge(actor: Actor, nudgeId: string, businessDays = 3): Promise<Outcome<{ nudge: NudgeView }>> {
    return nudges.snoozeNudge(this.#deps, actor, nudgeId, businessDays);
  }
  answerReminder(actor: Actor, nudgeId: string, button: nudges.ReminderButton, given: nudges.ReminderAnswer): Promise<Outcome<{ nudge?: NudgeView }>> {
    return nudges.answerReminder(this.#deps, actor, nudgeId, button, given);
  }

  handOver(actor: Actor, reference: string, person: string, gesture?: string): ReturnType<typeof activities.handOver> {
    return activities.handOver(this.#deps, actor, reference, person, gesture);
  }
  takeOver(actor: Actor, reference: string, gesture?: string): ReturnType<typeof activities.takeOver> {
    return activities.takeOver(this.#deps, actor, reference, gesture);
  }

  // Meetings, their agenda and outcome; joint decisions; disagreements (issue 25).
  bookMeeting(actor: Actor, reference: string, booking: meetings.MeetingBooking, gesture?: string): ReturnType<typeof meetings.bookMeeting> {
    return meetings.bookMeeting(this.#deps, actor, reference, booking, gesture);
  }
  caseMeetings(actor: Actor, reference: string, gesture?: string): ReturnType<typeof meetings.caseMeetings> {
    return meetings.caseMeetings(this.#deps, actor, reference, gesture);
  }
  readMeeting(actor: Actor, reference: string, id: string, gesture?: string): ReturnType<typeof meetings.readMeeting> {
    return meetings.readMeeting(this.#deps, actor, reference, id, gesture);
  }
  meetingCalendar(actor: Actor, reference: string, id: string, locale: 'da' | 'en'): ReturnType<typeof meetings.meetingCalendar> {
    return meetings.meetingCalendar(this.#deps, actor, reference, id, locale);
  }
  meetingAgenda(actor: Actor, reference: string, gesture?: string): ReturnType<typeof meetings.meetingAgenda> {
    return meetings.meetingAgenda(this.#deps, actor, reference, gesture);
  }
  recordOutcome(actor: Actor, reference: string, meetingId: string, outcome: Parameters<typeof meetings.recordOutcome>[4], gesture?: string): ReturnType<typeof meetings.recordOutcome> {
    return meetings.recordOutcome(this.#deps, actor, reference, meetingId, outcome, gesture);
  }
  caseDecisions(actor: Actor, reference: string, gesture?: string): ReturnType<typeof decisions.caseDecisions> {
    return decisions.caseDecisions(this.#deps, actor, reference, gesture);
  }
  confirmDecision(actor: Actor, reference: string, decisionId: string, department?: string, gesture?: string): ReturnType<typeof decisions.confirmJointDecision> {
    return decisions.confirmJointDecision(this.#deps, actor, reference, decisionId, department, gesture);
  }
  giveJointAnswer(actor: Actor, reference: string, decisionId: string): ReturnType<typeof decisions.giveJointAnswer> {
    return decisions.giveJointAnswer(this.#deps, actor, reference, decisionId);
  }
  caseDisagreements(actor: Actor, reference: string, gesture?: string): ReturnType<typeof disagreements.caseDisagreements> {
    return disagreements.caseDisagreements(this.#deps, actor, reference, gesture);
  }
  disagreementSubjects(actor: Actor, reference: string, gesture?: string): ReturnType<typeof disagreements.disagreementSubjects> {
    return disagreements.disagreementSubjects(this.#deps, actor, reference, gesture);
  }
  raiseDisagreement(actor: Actor, reference: string, input: { about: unknown; raisedBy?: string | undefined }, gesture?: string): ReturnType<typeof disagreements.raise> {
    return disagreements.raise(this.#deps, actor, reference, input, gesture);
  }
  resolveDisagreement(actor: Actor, reference: string, id: string, decisionId: string, gesture?: string): ReturnType<typeof disagreements.resolve> {
    return disagreements.resolve(this.#deps, actor, reference, id, decisionId, gesture);
  }

  // Who covers for someone away.
  recordCover(actor: Actor, reference: string, cover: covers.CoverInput, gesture?: string): ReturnType<typeof covers.recordCover> {
    return covers.recordCover(this.#deps, actor, reference, cover, gesture);
  }

  // The municipality's own settings (working time, stall rules, RC's k, rooms).
  readSettings(actor: Actor): ReturnType<typeof settings.readSettings> {
    return settings.readSettings(this.#deps, actor);
  }
  changeSettings(actor: Actor, patch: unknown): ReturnType<typeof settings.changeSettings> {
    return settings.changeSettings(this.#deps, actor, patch);
  }

  // The organisation.
  saveDepartment(actor: Actor, department: Department): Promise<void> {
    return organisation.saveDepartment(this.#deps, actor, department);
  }
  saveTeam(actor: Actor, team: Team): Promise<void> {
    return organisation.saveTeam(this.#deps, actor, team);
  }
  savePerson(actor: Actor, person: Person): Promise<void> {
    return organisation.savePerson(this.#deps, actor, person);
  }

  // RC surveys.
  uploadSurvey(actor: Actor, name: string, scored: Parameters<typeof surveys.uploadSurvey>[3]): Promise<SurveySummary> {
    return surveys.uploadSurvey(this.#deps, actor, name, scored);
  }

  // Chat: a municipality's workspaces and their settings; the operator's invitations.
  chatWorkspaces(actor: Actor): Promise<LinkedWorkspace[]> {
    return chatSettings.chatWorkspaces(this.#deps, actor);
  }
  changeChatSettings(actor: Actor, platform: ChatPlatform, workspace: string, patch: chatSettings.ChatSettingsPatch): Promise<Outcome<{ workspace: LinkedWorkspace }>> {
    return chatSettings.changeChatSettings(this.#deps, actor, platform, workspace, patch);
  }
  invite(actor: Actor, platform: ChatPlatform, tenant: string, days: number, publicUrl: string | undefined): Promise<Outcome<{ invitation: invitations.Invitation }>> {
    return invitations.invite(this.#deps, actor, platform, tenant, days, publicUrl);
  }

  // The operator's: tenants, API keys, linked workspaces.
  createTenant(actor: Actor, tenant: Parameters<typeof tenants.createTenant>[2]): ReturnType<typeof tenants.createTenant> {
    return tenants.createTenant(this.#deps, actor, tenant);
  }
  createApiKey(actor: Actor, tenant: string, label: string, rateLimit: number | null, system: string | null = null): ReturnType<typeof tenants.createApiKey> {
    return tenants.createApiKey(this.#deps, actor, tenant, label, rateLimit, system);
  }
  revokeApiKey(actor: Actor, keyId: string): ReturnType<typeof tenants.revokeApiKey> {
    return tenants.revokeApiKey(this.#deps, actor, keyId);
  }
  linkWorkspace(actor: Actor, platform: ChatPlatform, workspaceId: string, tenant: string): ReturnType<typeof tenants.linkWorkspace> {
    return tenants.linkWorkspace(this.#deps, actor, platform, workspaceId, tenant);
  }
  unlinkWorkspace(actor: Actor, platform: ChatPlatform, workspaceId: string): ReturnType<typeof tenants.unlinkWorkspace> {
    return tenants.unlinkWorkspace(this.#deps, actor, platform, workspaceId);
  }
}
