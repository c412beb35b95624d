export { answerWhenDone, backoff, ChatFlows, GESTURE_DEADLINE_MS, OPENING_LEASE_MS, parseCommand, type ChatPlace, type CommandReply, type FlowDeps, type NudgeGesture, type Platform } from './flows.js';
export { messages, type Messages } from './messages.js';
export * from './views.js';
export { personalDataIn, personalDataOf, PLANTED, withPlantedPersonalData } from './privacy.js';
