export { main } from './cli/main.js';
// For the chat adapters (bots/*) and whoever composes the service.
export { startService, type ServiceOptions, type RunningService } from './service.js';
export type { ChatAdapter, ChatAdapterContext, ChatAdapterFactory } from './adapters.js';
export { LogPort, OutboxPayload, OutboxSender, PermanentDeliveryError, RetryLaterError, type ChatPort, type OutboxKind, type OutboxMessage, type OutboxPayloadOf } from './outbox.js';
export { UseCases, type CaseOverview, type Outcome, type Refusal } from './usecases.js';
export type { AuditEntry, NudgeView, OutboxEntry, StalledCase, SurveySummary } from './views.js';
export type { Actor } from './store/audit.js';
export { auditTrail } from './store/audit.js';
export type { Db } from './store/db.js';
export { openDb } from './store/db.js';
export { migrate } from './store/migrate.js';
export * from './store/chat.js';
export { seedDemo, DEMO_TENANT } from './demo.js';
export { Problem } from './http/problem.js';
export { Expiring } from './expiring.js';
export { AccessPolicy, type RouteAccess, type WidgetScope } from './access.js';
export { createApiKey, createTenant, revokeApiKey } from './store/tenants.js';
