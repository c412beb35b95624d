// The widgets' events: one class each, the public contract of what a widget tells its host.
// @samspil/react makes its `on...` props from these classes, and the elements' JSDoc names them
// (so custom-elements.json carries each event's type).
import type { MeetingOutcomeInput, Plan, RcTie, ResponsibilityMatrix } from '@samspil/core';

/**
 * The base of every Samspil event: it bubbles and is composed (it leaves the shadow root), and
 * its name is its class's static `type` (as `e.type` is the event's).
 */
export class SamspilEvent<D> extends CustomEvent<D> {
  /** The event's name, e.g. `samspil-plan-change`. */
  declare static readonly type: string;
  constructor(detail: D) {
    super((new.target as typeof SamspilEvent).type, { bubbles: true, composed: true, detail });
  }
}

/** `detail` of `samspil-plan-change`. */
export interface PlanChangeDetail {
  /** The edited plan: a new object; the plan passed in is never mutated. */
  plan: Plan;
}

/** `detail` of `samspil-matrix-change`. */
export interface MatrixChangeDetail {
  /** The edited agreement: a new object (the `matrix` property is never mutated; `version` is unchanged, the server bumps it). */
  matrix: ResponsibilityMatrix;
}

/** The detail of `samspil-tie-select`: the rating group, the rated group and their tie. */
export interface RcTieSelectDetail {
  /** The rating group (the cell's row), by its name in the result. */
  from: string;
  /** The rated group (the cell's column); the same as `from` on the diagonal. */
  to: string;
  /** The tie as in the result: its score and band, how many answered, whether it is suppressed, and its seven dimensions. */
  tie: RcTie;
}

/** `detail` of `samspil-meeting-request`: what the card knows for the booking; the host books (the time, the place, who). */
export interface MeetingRequestDetail {
  /** The case's reference, when the card knows it. */
  caseReference: string | undefined;
  /** Who would chair by default: the plan coordinator (person id), when there is one. */
  chair: string | undefined;
  /** The plan's next follow-up date not yet held (`YYYY-MM-DD`), a natural date for the meeting. */
  followUp: string | undefined;
}

/** `detail` of `samspil-meeting-outcome`: what a meeting decided, as the outcome form recorded it; the host records it. */
export interface MeetingOutcomeDetail {
  /** The case's reference, when the card knows it. */
  caseReference: string | undefined;
  /** The meeting's id. */
  meeting: string;
  /**
   * The outcome as `POST /cases/{reference}/meetings/{meeting}/outcome` takes it (core `MeetingOutcome`): held at the
   * meeting's start (or now, if before it), whether the citizen came, the decisions with their departments, the actions
   * (an intervention of the plan, its owner and date), the next follow-up, and the plan's version it was filled in against.
   */
  outcome: Omit<MeetingOutcomeInput, 'meeting'>;
}

/** `detail` of `samspil-citizen-voice`: what the citizen wrote before a meeting. */
export interface CitizenVoiceDetail {
  /** The citizen's words, trimmed (checked: no CPR number). */
  text: string;
  /** The meeting it is for, when the widget's `meeting` names one. */
  meeting: string | undefined;
  /** When the service stored it (the widget sent it through `src`); undefined when the host stores it. */
  writtenAt: string | undefined;
}

/** `detail` of `samspil-consent-withdraw`. */
export interface ConsentWithdrawDetail {
  /** The case's reference. */
  caseReference: string | undefined;
  /** True when the widget recorded the withdrawal through `src`; false when the host must. */
  recorded: boolean;
}

/** `detail` of `samspil-source-error`. */
export interface SourceErrorDetail {
  /** The HTTP status; 0 when the request did not reach the server (the network). */
  status: number;
  /** The problem's `detail` from the API, else the status text or `network error`. */
  detail: string;
}

/** `<samspil-plan-card editable>`: the user changed a status or marked a follow-up as held. */
export class SamspilPlanChangeEvent extends SamspilEvent<PlanChangeDetail> {
  static override readonly type = 'samspil-plan-change';
}

/** `<samspil-plan-card editable>`: the user asked to book a meeting (the "Book meeting" button); the host books it. */
export class SamspilMeetingRequestEvent extends SamspilEvent<MeetingRequestDetail> {
  static override readonly type = 'samspil-meeting-request';
}

/** `<samspil-plan-card>`: the user recorded a meeting's outcome in the card's form. */
export class SamspilMeetingOutcomeEvent extends SamspilEvent<MeetingOutcomeDetail> {
  static override readonly type = 'samspil-meeting-outcome';
}

/** `<samspil-responsibility-matrix>`: the user set or cleared a cell. */
export class SamspilMatrixChangeEvent extends SamspilEvent<MatrixChangeDetail> {
  static override readonly type = 'samspil-matrix-change';
}

/** `<samspil-rc-heatmap>`: the user selected a cell (click, Enter or Space). */
export class SamspilTieSelectEvent extends SamspilEvent<RcTieSelectDetail> {
  static override readonly type = 'samspil-tie-select';
}

/** `<samspil-citizen-plan>`: the citizen sent what they wrote before a meeting. */
export class SamspilCitizenVoiceEvent extends SamspilEvent<CitizenVoiceDetail> {
  static override readonly type = 'samspil-citizen-voice';
}

/** `<samspil-citizen-plan>`: the citizen confirmed the withdrawal of their consent. */
export class SamspilConsentWithdrawEvent extends SamspilEvent<ConsentWithdrawDetail> {
  static override readonly type = 'samspil-consent-withdraw';
}

/** Any widget with `src`: loading from or writing to the API failed. */
export class SamspilSourceErrorEvent extends SamspilEvent<SourceErrorDetail> {
  static override readonly type = 'samspil-source-error';
}

declare global {
  interface GlobalEventHandlersEventMap {
    'samspil-plan-change': SamspilPlanChangeEvent;
    'samspil-meeting-request': SamspilMeetingRequestEvent;
    'samspil-meeting-outcome': SamspilMeetingOutcomeEvent;
    'samspil-matrix-change': SamspilMatrixChangeEvent;
    'samspil-tie-select': SamspilTieSelectEvent;
    'samspil-source-error': SamspilSourceErrorEvent;
    'samspil-citizen-voice': SamspilCitizenVoiceEvent;
    'samspil-consent-withdraw': SamspilConsentWithdrawEvent;
  }
}
