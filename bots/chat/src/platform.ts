// What differs between Slack and Teams, behind one small interface: the flows know only
// how to post, update and address things on a platform, and how its errors read.
import type { ChatPerson, ChatPlatform, ChatThread, WorkspaceSettings } from '@samspil/server';
import type { Failure } from './failures.js';
import type { DirectMessage, Format, PlanCardModel } from './views.js';

/** Where a coordination lives on a platform: its channel (or conversation), thread and card message. */
export type ChatPlace = { channel: string } & Pick<ChatThread, 'thread' | 'card'>;

export interface Platform {
  readonly name: ChatPlatform;
  /** The platform's user with this e-mail, if any. */
  lookupUser(tenant: string, email: string): Promise<string | undefined>;
  /** The e-mail the platform has for one of its users. */
  emailOf(tenant: string, userId: string): Promise<string | undefined>;
  /** How the platform writes text, with these people known by their chat identities. */
  format(people: ChatPerson[]): Format;
  /**
   * Creates the coordination's place: a channel of its own (no card yet), or a thread in
   * `settings.coordinationChannel` (Slack) or a new conversation (Teams) whose first message
   * is the card. Its result is recorded at once; the steps below may then fail and resume.
   */
  createPlace(tenant: string, reference: string, settings: WorkspaceSettings, card: PlanCardModel): Promise<ChatPlace>;
  /** Adds or mentions the users in the place (again, harmlessly, when resumed). */
  invite(tenant: string, place: ChatPlace, users: string[]): Promise<void>;
  /** Posts the card in a place created without it; returns the message's id. */
  postCard(tenant: string, place: ChatPlace, card: PlanCardModel): Promise<string>;
  /** Pins the card where the platform pins (harmlessly again). */
  pin(tenant: string, place: ChatPlace): Promise<void>;
  /** What one of the platform's errors means for trying again: its one classifier (its `errors.ts`). */
  classify(error: unknown): Failure;
  updateCard(tenant: string, place: ChatPlace, card: PlanCardModel): Promise<void>;
  /** A notice in the place, then the place closed (a channel archived). */
  closePlace(tenant: string, place: ChatPlace, notice: string): Promise<void>;
  /** A 1:1 message from the app. */
  sendDirect(tenant: string, userId: string, message: DirectMessage): Promise<void>;
  /** A link to the place, labelled `word` (the tenant's word for a thread). */
  placeLink(place: ChatPlace, word: string): string;
}
