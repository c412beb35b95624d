export { slackAdapter, slackConfigFromEnv, parseCommand, type SlackConfig } from './app.js';
export { FastifyReceiver } from './receiver.js';
export * from './blocks.js';
export { channelName } from './coordination.js';
