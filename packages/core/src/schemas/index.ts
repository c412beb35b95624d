export * from './primitives.js';
export * from './organisation.js';
export * from './consent.js';
export * from './case.js';
export * from './plan.js';
export * from './matrix.js';
export * from './rc.js';
export * from './stall.js';
export * from './settings.js';
export * from './activity.js';
export * from './meeting.js';
export * from './disagreement.js';
export * from './voice.js';
export * from './citizen.js';

import { Case } from './case.js';
import { Consent } from './consent.js';
import { ResponsibilityMatrix } from './matrix.js';
import { Department, Person, Team, Tenant } from './organisation.js';
import { Plan } from './plan.js';
import { RcComparison, RcOptions, RcRating, RcResult } from './rc.js';
import { CaseworkerChanged, CaseworkerTookOver } from './activity.js';
import { TenantSettings } from './settings.js';
import { CaseSnapshot, Decision, StallRules } from './stall.js';
import { Disagreement } from './disagreement.js';
import { CitizenView } from './citizen.js';
import { CitizenVoice } from './voice.js';
import { JointAnswer, DecisionConfirmed, Meeting, MeetingOutcome } from './meeting.js';

/** The top-level types, each published as a JSON Schema file (`dist/json-schema/<Name>.schema.json`). */
export const topLevelSchemas = {
  Tenant,
  Department,
  Team,
  Person,
  Case,
  Consent,
  Plan,
  ResponsibilityMatrix,
  RcRating,
  RcOptions,
  RcResult,
  RcComparison,
  StallRules,
  CaseSnapshot,
  TenantSettings,
  CaseworkerChanged,
  CaseworkerTookOver,
  Decision,
  Meeting,
  MeetingOutcome,
  Disagreement,
  DecisionConfirmed,
  JointAnswer,
  CitizenView,
  CitizenVoice,
} as const;
