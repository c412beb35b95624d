// React components for the Samspil widgets. Each wraps the custom element with
// @lit/react, so properties are set as properties (not attributes) and the
// widgets' DOM events arrive as typed `on...` props.
import { createComponent, type EventName } from '@lit/react';
import {
  SamspilCitizenVoiceEvent,
  SamspilConsentWithdrawEvent,
  SamspilMatrixChangeEvent,
  SamspilMeetingOutcomeEvent,
  SamspilMeetingRequestEvent,
  SamspilPlanChangeEvent,
  SamspilSourceErrorEvent,
  SamspilTieSelectEvent,
} from '@samspil/widgets/events.js';
import { SamspilCitizenPlan } from '@samspil/widgets/citizen-plan.js';
import { SamspilCoordinationOverview } from '@samspil/widgets/coordination-overview.js';
import { SamspilPlanCard } from '@samspil/widgets/plan-card.js';
import { SamspilRcHeatmap } from '@samspil/widgets/rc-heatmap.js';
import { SamspilResponsibilityMatrix } from '@samspil/widgets/responsibility-matrix.js';
import * as React from 'react';

export type PlanChangeEvent = SamspilPlanChangeEvent;
export type MeetingRequestEvent = SamspilMeetingRequestEvent;
export type MeetingOutcomeEvent = SamspilMeetingOutcomeEvent;
export type MatrixChangeEvent = SamspilMatrixChangeEvent;
export type TieSelectEvent = SamspilTieSelectEvent;
export type SourceErrorEvent = SamspilSourceErrorEvent;
export type CitizenVoiceEvent = SamspilCitizenVoiceEvent;
export type ConsentWithdrawEvent = SamspilConsentWithdrawEvent;

/** One of the widgets' event classes (@samspil/widgets/events.js): its static `type` is the event's name. */
interface EventClass {
  readonly type: `samspil-${string}`;
  new (...args: never[]): Event;
}

type Pascal<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Capitalize<Head>}${Pascal<Tail>}` : Capitalize<S>;

/** The props of these events: `samspil-plan-change` is `onPlanChange`, typed with its class. */
export type EventProps<C extends EventClass[]> = {
  [K in C[number] as K['type'] extends `samspil-${infer Name}` ? `on${Pascal<Name>}` : never]: EventName<InstanceType<K>>;
};

/** @lit/react's `events` map made from the event classes, so a prop's name and type follow the class. */
export function eventProps<C extends EventClass[]>(...classes: C): EventProps<C> {
  return Object.fromEntries(
    classes.map((c) => [`on${c.type.slice('samspil-'.length).replace(/(?:^|-)(\w)/g, (_, letter: string) => letter.toUpperCase())}`, c.type]),
  ) as EventProps<C>;
}

export const PlanCard = createComponent({
  tagName: 'samspil-plan-card',
  elementClass: SamspilPlanCard,
  react: React,
  events: eventProps(SamspilPlanChangeEvent, SamspilMeetingRequestEvent, SamspilMeetingOutcomeEvent, SamspilSourceErrorEvent),
  displayName: 'PlanCard',
});

export const ResponsibilityMatrixView = createComponent({
  tagName: 'samspil-responsibility-matrix',
  elementClass: SamspilResponsibilityMatrix,
  react: React,
  events: eventProps(SamspilMatrixChangeEvent, SamspilSourceErrorEvent),
  displayName: 'ResponsibilityMatrix',
});

export const RcHeatmap = createComponent({
  tagName: 'samspil-rc-heatmap',
  elementClass: SamspilRcHeatmap,
  react: React,
  events: eventProps(SamspilTieSelectEvent, SamspilSourceErrorEvent),
  displayName: 'RcHeatmap',
});

/** The citizen's own plan, for a citizen portal: `onCitizenVoice`, `onConsentWithdraw`, `onSourceError`. */
export const CitizenPlan = createComponent({
  tagName: 'samspil-citizen-plan',
  elementClass: SamspilCitizenPlan,
  react: React,
  events: eventProps(SamspilCitizenVoiceEvent, SamspilConsentWithdrawEvent, SamspilSourceErrorEvent),
  displayName: 'CitizenPlan',
});

/** The leaders' overview, for a case system's leader dashboard: `onSourceError`. */
export const CoordinationOverview = createComponent({
  tagName: 'samspil-coordination-overview',
  elementClass: SamspilCoordinationOverview,
  react: React,
  events: eventProps(SamspilSourceErrorEvent),
  displayName: 'CoordinationOverview',
});
