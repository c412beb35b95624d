// Registers all the widgets. Import one component's file to register only that one.
export * from './plan-card/plan-card.js';
export * from './responsibility-matrix/responsibility-matrix.js';
export * from './rc-heatmap/rc-heatmap.js';
export * from './coordination-overview/coordination-overview.js';
export * from './citizen-plan/citizen-plan.js';
export * from './events.js';
