// Helpers that send requests to an app URL exactly as Slack does: the same
// bodies (slash commands and interactivity are form-encoded, Events API is
// JSON) and the v0 request signature over the raw body.
import { createHmac } from 'node:crypto';

/** `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<raw body>` keyed with the signing secret. */
export function signature(secret: string, timestamp: number | string, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export interface SlashCommandFields {
  token: string; team_id: string; team_domain: string; channel_id: string; channel_name: string;
  user_id: string; user_name: string; command: string; text: string; api_app_id: string;
  is_enterprise_install: string; response_url: string; trigger_id: string;
  enterprise_id?: string; enterprise_name?: string;
}

/** Form body of a slash command. Override response_url with `fake.responseUrl()` to capture replies. */
export function slashCommand(fields: Partial<SlashCommandFields> = {}): string {
  const all: SlashCommandFields = {
    token: 'fake-verification-token', // legacy verification token; apps should check the signature instead
    team_id: 'T0FAKETEAM', team_domain: 'samspil-test',
    channel_id: 'C0FAKECHAN', channel_name: 'general',
    user_id: 'U0FAKEUSR1', user_name: 'alice',
    command: '/samspil', text: '',
    api_app_id: 'A0FAKEAPP1', is_enterprise_install: 'false',
    // Loopback discard port: a reply posted here fails fast instead of leaving the machine.
    response_url: 'http://127.0.0.1:9/response/unset',
    trigger_id: `${Date.now()}.1234567.${Math.random().toString(16).slice(2, 14)}`,
    ...fields,
  };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(all)) if (v !== undefined) params.append(k, v);
  return params.toString();
}

/** Form body of an interactivity request (block_actions, view_submission, shortcut...): `payload=<urlencoded JSON>`. */
export function interactivity(payload: object): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** JSON body of an Events API delivery wrapping `event`. */
export function eventCallback(
  event: Record<string, unknown>,
  opts: { eventId?: string; teamId?: string; apiAppId?: string; botUserId?: string; eventTime?: number; enterpriseId?: string } = {},
): string {
  const eventTime = opts.eventTime ?? Math.floor(Date.now() / 1000);
  const teamId = opts.teamId ?? 'T0FAKETEAM';
  return JSON.stringify({
    token: 'fake-verification-token',
    team_id: teamId,
    context_team_id: teamId,
    context_enterprise_id: opts.enterpriseId ?? null,
    ...(opts.enterpriseId ? { enterprise_id: opts.enterpriseId, is_ext_shared_channel: false } : {}),
    api_app_id: opts.apiAppId ?? 'A0FAKEAPP1',
    event: { event_ts: `${eventTime}.000100`, ...event },
    type: 'event_callback',
    event_id: opts.eventId ?? `Ev${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
    event_time: eventTime,
    // Who the event is delivered to; Bolt reads this to pick the installation.
    authorizations: [{ enterprise_id: opts.enterpriseId ?? null, team_id: teamId, user_id: opts.botUserId ?? 'U0FAKEBOT1', is_bot: true, is_enterprise_install: opts.enterpriseId !== undefined }],
    is_ext_shared_channel: false,
    event_context: `4-fake-${Math.random().toString(36).slice(2, 10)}`,
  });
}

/** JSON body of the one-time URL verification handshake. */
export function urlVerification(challenge: string): string {
  return JSON.stringify({ token: 'fake-verification-token', challenge, type: 'url_verification' });
}

export interface SignedResponse { status: number; headers: Headers; text: string; json(): unknown }

/**
 * POST `body` to an app URL signed like Slack. `contentType` may be a MIME type or the
 * shorthands 'form' / 'json'. Retries carry X-Slack-Retry-Num / X-Slack-Retry-Reason
 * (e.g. 'http_timeout'), which Slack sends when the app did not answer within 3 s.
 */
export async function postSigned(
  url: string,
  body: string,
  contentType: string,
  opts: { secret: string; timestamp?: number; retryNum?: number; retryReason?: string },
): Promise<SignedResponse> {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const type = contentType === 'form' ? 'application/x-www-form-urlencoded'
    : contentType === 'json' ? 'application/json' : contentType;
  const headers: Record<string, string> = {
    'content-type': type,
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signature(opts.secret, timestamp, body),
  };
  if (opts.retryNum !== undefined) headers['x-slack-retry-num'] = String(opts.retryNum);
  if (opts.retryReason !== undefined) headers['x-slack-retry-reason'] = opts.retryReason;
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as unknown };
}
