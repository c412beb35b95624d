export { teamsAdapter, teamsConfigFromEnv, type TeamsConfig } from './app.js';
export { FastifyAdapter } from './fastify-adapter.js';
export { TeamsPlatform, type TeamsSettings } from './platform.js';
export * from './cards.js';
