// React components for the Samspil widgets. Each wraps the custom element with
// @lit/react, so properties are set as properties (not attributes) and the
// widgets' DOM events arrive as typed `on...` props.
import { createComponent, type EventName } from '@lit/react';
import type { Plan, RcTie, ResponsibilityMatrix } from '@samspil/core';
import { SamspilPlanCard } from '@samspil/widgets/plan-card.js';
import { SamspilRcHeatmap } from '@samspil/widgets/rc-heatmap.js';
import { SamspilResponsibilityMatrix } from '@samspil/widgets/responsibility-matrix.js';
import * as React from 'react';

export type PlanChangeEvent = CustomEvent<{ plan: Plan }>;
export type MatrixChangeEvent = CustomEvent<{ matrix: ResponsibilityMatrix }>;
export type TieSelectEvent = CustomEvent<{ from: string; to: string; tie: RcTie }>;

export const PlanCard = createComponent({
  tagName: 'samspil-plan-card',
  elementClass: SamspilPlanCard,
  react: React,
  events: { onPlanChange: 'samspil-plan-change' as EventName<PlanChangeEvent> },
  displayName: 'PlanCard',
});

export const ResponsibilityMatrixView = createComponent({
  tagName: 'samspil-responsibility-matrix',
  elementClass: SamspilResponsibilityMatrix,
  react: React,
  events: { onMatrixChange: 'samspil-matrix-change' as EventName<MatrixChangeEvent> },
  displayName: 'ResponsibilityMatrix',
});

export const RcHeatmap = createComponent({
  tagName: 'samspil-rc-heatmap',
  elementClass: SamspilRcHeatmap,
  react: React,
  events: { onTieSelect: 'samspil-tie-select' as EventName<TieSelectEvent> },
  displayName: 'RcHeatmap',
});
