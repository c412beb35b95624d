// The Slack end-to-end tests' one setup: Slack's side played by the local fake on loopback, the
// real service with the real Bolt app on one of serviceDatabases(), and the helpers a test drives
// them with (requests signed as Slack signs them). `stop` takes it all down again.
import { waiter, type ServiceDatabase } from '@samspil/server/testing';
import { expect } from 'vitest';
import { startTestService } from '../../chat/test/service-harness.js';
import { slackAdapter } from '../src/index.js';
import { FakeSlack, type Json } from './fakes/slack-api.js';
import { interactivity, postSigned, slashCommand } from './fakes/sign.js';

export const SECRET = 'test-signing-secret-0123456789abcdef';
export const TOKEN = 'xoxb-samspil-test';
export const TEAM = 'T0SAMSPIL';

/** The text of every block and field in a message, joined: what a person would read. */
export const textOf = (value: unknown): string => JSON.stringify(value);

export interface SlackUser { id: string; email: string; name: string }

/** The demo municipality's professionals as Slack users (Emil Friis is not in Slack), and a stranger from elsewhere. */
const DEMO_USERS = {
  maja: { id: 'U0MAJA', email: 'p-job-1@demokommune.example.dk', name: 'maja' },
  anders: { id: 'U0ANDERS', email: 'p-job-2@demokommune.example.dk', name: 'anders' },
  sofie: { id: 'U0SOFIE', email: 'p-fam-1@demokommune.example.dk', name: 'sofie' },
  jonas: { id: 'U0JONAS', email: 'p-fam-2@demokommune.example.dk', name: 'jonas' },
  line: { id: 'U0LINE', email: 'p-psyk-1@demokommune.example.dk', name: 'line' },
  lead: { id: 'U0LEADJOB', email: 'leder-jobcenter@demokommune.example.dk', name: 'leder' },
  stranger: { id: 'U0STRANGER', email: 'someone@elsewhere.example.com', name: 'stranger' },
  // Professionals of the municipality without a part in the demo case: another department's, and a colleague of the same department.
  outsider: { id: 'U0OUTSIDER', email: 'p-bs-1@demokommune.example.dk', name: 'outsider' },
  colleague: { id: 'U0COLLEAGUE', email: 'p-job-3@demokommune.example.dk', name: 'colleague' },
  head: { id: 'U0HEADPSYK', email: 'chef-psykiatri@demokommune.example.dk', name: 'chef' },
} satisfies Record<string, SlackUser>;

/** Those of the demo's professionals a test puts in Slack. */
export const demoUsers = <K extends keyof typeof DEMO_USERS>(...keys: K[]) => Object.fromEntries(keys.map((k) => [k, DEMO_USERS[k]])) as Pick<typeof DEMO_USERS, K>;

export interface SlackOptions<U extends string> {
  users: Record<U, SlackUser>;
  /** The service's clock at the start (`at` moves it). */
  clock: string;
  /** The demo municipality (tenant demo, its API key); without it the test seeds a tenant and links the workspace itself. */
  demo?: boolean;
  team?: string;
  token?: string;
  secret?: string;
  publicUrl?: string;
}

export type SlackHarness<U extends string> = Awaited<ReturnType<typeof startSlack<U>>>;

export async function startSlack<U extends string>(database: ServiceDatabase, options: SlackOptions<U>) {
  const { users, demo = false, team = TEAM, token = TOKEN, secret = SECRET, publicUrl } = options;
  const fake = await FakeSlack.start({ token, teamId: team });
  for (const u of Object.values<SlackUser>(users)) fake.addUser(u);
  const base = await startTestService(database, {
    clock: options.clock,
    demo,
    // Slack's minute shortened to 6 s for the pacing, so a test's bursts do not wait a real minute.
    adapters: [slackAdapter({ signingSecret: secret, botToken: token, apiUrl: fake.url, ...(demo ? { tenant: 'demo' } : {}), ...(publicUrl ? { publicUrl } : {}), pacingWindowMs: 6_000 })],
    close: () => fake.close(),
  });
  const { service, logs } = base;
  const url = () => `${service.url}/slack/events`;
  const waitFor = waiter(logs);
  /** What the service answered Slack's requests, for the privacy checks. */
  const acks: string[] = [];

  /** `/samspil TEXT` as `user` (Slack's request acknowledged): the reply posted to the response URL, as text. */
  async function command(user: U, text: string) {
    const responseUrl = fake.responseUrl();
    const res = await postSigned(url(), slashCommand({ team_id: team, user_id: users[user].id, user_name: users[user].name, text, response_url: responseUrl, trigger_id: fake.triggerId() }), 'form', { secret });
    expect(res.status).toBe(200);
    acks.push(res.text);
    return textOf(await waitFor(() => fake.responses(responseUrl)[0]?.body, `a reply to "/samspil ${text}"`));
  }

  /** Slack delivers an interaction (the team, the app and a trigger filled in unless given): the HTTP answer, a 200. */
  async function interact(payload: Json) {
    const res = await postSigned(url(), interactivity({ team: { id: team, domain: 'samspil' }, api_app_id: fake.appId, token: 'x', trigger_id: fake.triggerId(), ...payload }), 'form', { secret });
    expect(res.status).toBe(200);
    acks.push(res.text);
    return res;
  }

  /** Presses a button of a message in `who`'s DM (the calls so far cleared, for `updated`). */
  async function press(who: U, message: Json, actionId: string, trigger = fake.triggerId()) {
    const dm = fake.channel(users[who].id) ?? { id: `D0${who.toUpperCase()}` };
    const actions = (message.blocks as Json[]).find((b) => b.type === 'actions' && textOf(b).includes(actionId))!;
    const button = (actions.elements as Json[]).find((e) => e.action_id === actionId)!;
    fake.calls.length = 0;
    await interact({
      type: 'block_actions',
      trigger_id: trigger,
      user: { id: users[who].id, username: who, team_id: team },
      channel: { id: dm.id, name: 'directmessage' },
      container: { type: 'message', message_ts: message.ts, channel_id: dm.id },
      message,
      response_url: fake.responseUrl(),
      actions: [{ type: 'button', action_id: actionId, block_id: actions.block_id, value: button.value, action_ts: '1' }],
    });
  }

  return {
    ...base,
    fake,
    waitFor,
    url,
    acks,
    command,
    interact,
    press,
    /** The message as the app rewrote it after a press. */
    updated: async () => textOf((await waitFor(() => fake.callsTo('chat.update')[0], 'the answer in the message')).args),
    /** The app's DMs to a person holding `text`. */
    dmsTo: (who: U, text: string) => (fake.channel(users[who].id)?.messages ?? []).filter((m) => textOf(m).includes(text)),
    /** The messages the app posted to a person's DM, since call `from`. */
    postedTo: (who: U, from = 0) => fake.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && fake.channel(String(c.args.channel))?.user === users[who].id).map((c) => c.args),
    /** Delivers the outbox until nothing is left that is due (a turn takes a batch). */
    drain: async () => {
      for (let i = 0; i < 20 && (await service.sender.tick()) > 0; i++);
    },
  };
}
