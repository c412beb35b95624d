export { teamsAdapter } from './app.js';
export { teamsConfigFromEnv, type TeamsConfig } from './config.js';
export { channelTokens, checkTokensWith } from './channel-tokens.js';
export { classifyTeamsError } from './errors.js';
export { FastifyAdapter } from './fastify-adapter.js';
export { TeamsPlatform, type TeamsSettings } from './platform.js';
export * from './cards.js';
export { BOT_CONNECTOR_HOSTS, serviceUrlAllowed } from './service-urls.js';
