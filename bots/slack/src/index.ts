export { slackAdapter } from './app.js';
export { slackConfigFromEnv, type SlackConfig, type SlackOAuth } from './config.js';
export { classifySlackError, slackError } from './errors.js';
export { FastifyReceiver } from './receiver.js';
export { channelName, SlackPlatform } from './platform.js';
export * from './blocks.js';
