export { slackAdapter, slackConfigFromEnv, type SlackConfig } from './app.js';
export { FastifyReceiver } from './receiver.js';
export { channelName, SlackPlatform } from './platform.js';
export * from './blocks.js';
