// The Teams end-to-end tests' one setup: the Bot Connector played by the local fake on loopback
// (its tokens signed by the fake's published keys, which the SDK checks), the real service with
// the real Teams SDK app on one of serviceDatabases(), and the helpers a test drives them with.
// `stop` takes it all down again.
import type { ServiceDatabase } from '@samspil/server/testing';
import { expect } from 'vitest';
import { startTestService } from '../../chat/test/service-harness.js';
import { teamsAdapter } from '../src/index.js';
import { cardProblems } from './card-check.js';
import { FakeConnector, type Json } from './fakes/connector.js';

export const APP = '6c0e5a9d-1d3b-4f0b-9a55-5a3a1f2b7c10';
export const ENTRA = '8f4d2c1e-7a6b-4e3d-9c2b-1a0f9e8d7c6b';
export const TEAM = '19:demo-team@thread.tacv2';
export const CHANNEL = '19:koordinering@thread.tacv2';

export interface TeamsUser { id: string; aadObjectId: string; name: string; email: string }

const user = (key: string, person: string, name: string): TeamsUser => ({ id: `29:${key}`, aadObjectId: `aad-${key}`, name, email: `${person}@demokommune.example.dk` });
/** The demo municipality's professionals, as Teams users. */
const DEMO_USERS = {
  maja: user('maja', 'p-job-1', 'Maja Holm'),
  anders: user('anders', 'p-job-2', 'Anders Lund'),
  sofie: user('sofie', 'p-fam-1', 'Sofie Krag'),
  line: user('line', 'p-psyk-1', 'Line Dahl'),
  lead: user('lead', 'leder-jobcenter', 'Leder, Jobcenter'),
  // A professional of the municipality in a department that takes no part in the demo case.
  outsider: user('outsider', 'p-bs-1', 'Bo Service'),
};

/** Those of the demo's professionals a test puts in Teams. */
export const demoUsers = <K extends keyof typeof DEMO_USERS>(...keys: K[]) => Object.fromEntries(keys.map((k) => [k, DEMO_USERS[k]])) as Pick<typeof DEMO_USERS, K>;

/** The Adaptive Cards among activities. */
export const cardsIn = (activities: Json[]) => activities.flatMap((a) => ((a.attachments ?? []) as Json[]).filter((x) => x.contentType === 'application/vnd.microsoft.card.adaptive').map((x) => x.content as Json));

/** The data of a card's Action.Execute with this verb. */
export const dataOf = (card: Json, verb: string) => ((card.actions as Json[]).find((a) => a.verb === verb)!.data ?? {}) as Json;

export interface TeamsOptions<U extends string> {
  users: Record<U, TeamsUser>;
  /** The service's clock at the start (`at` moves it). */
  clock: string;
  /**
   * The demo municipality (tenant demo, its API key, the coordination channel); without it the
   * test seeds a tenant and links the workspace itself.
   */
  demo?: boolean;
  appId?: string;
  entraId?: string;
  team?: { id: string; name: string };
  publicUrl?: string;
  /** What `say` returns: the JSON of all the bot answered in the 1:1 chat (the default), or the last text there. */
  say?: 'answer' | 'last text';
}

export type TeamsHarness<U extends string> = Awaited<ReturnType<typeof startTeams<U>>>;

export async function startTeams<U extends string>(database: ServiceDatabase, options: TeamsOptions<U>) {
  const { users, demo = false, appId = APP, entraId = ENTRA, team = { id: TEAM, name: 'Tværfagligt team' }, publicUrl } = options;
  const connector = await FakeConnector.start({ appId, tenantId: entraId });
  for (const u of Object.values<TeamsUser>(users)) connector.addUser(u);
  const everyone = Object.values<TeamsUser>(users).map((u) => u.id);
  connector.addTeam({ id: team.id, name: team.name, channels: [{ id: team.id, name: 'General' }, ...(demo ? [{ id: CHANNEL, name: 'Koordinering' }] : [])], members: everyone });
  const base = await startTestService(database, {
    clock: options.clock,
    demo,
    adapters: [
      teamsAdapter({
        clientId: appId,
        tenantId: entraId,
        ...(demo ? { tenant: 'demo', coordinationChannel: CHANNEL } : {}),
        openIdMetadataUrl: connector.openIdMetadataUrl,
        loginUrl: connector.loginUrl,
        clientSecret: connector.appSecret,
        serviceHosts: ['127.0.0.1'],
        ...(publicUrl ? { publicUrl } : {}),
      }),
    ],
    close: () => connector.close(),
  });
  const { service } = base;
  /** Every card the bot returned from an invoke, for the privacy checks. */
  const shown: unknown[] = [];

  const personal = (who: U) => connector.personalConversationId(users[who].id);
  /** What the bot sent in `who`'s 1:1 chat. */
  const sentTo = (who: U) => connector.conversation(personal(who))?.sent ?? [];
  const lastTextTo = (who: U) => [...sentTo(who)].reverse().find((a) => typeof a.text === 'string')?.text as string | undefined;

  /** A message to the bot in the 1:1 chat: its answer (see `say` in the options). */
  async function say(from: U, text: string) {
    const before = sentTo(from).length;
    expect((await connector.activityTo(service.url, connector.message({ text, from: users[from].id, conversation: 'personal' }))).status, base.logs.slice(-3).join('')).toBe(200);
    return options.say === 'last text' ? (lastTextTo(from) ?? '') : JSON.stringify(sentTo(from).slice(before));
  }

  /** A card's Action.Execute: the invoke's answer as JSON; a card returned is checked as Adaptive Card 1.5 and kept in `shown`. */
  async function invoke(from: U, verb: string, data: Json) {
    const res = await connector.activityTo(service.url, connector.invokeAction({ verb, data, from: users[from].id, replyToId: '1' }));
    const body = res.body as { statusCode: number; type: string; value: unknown };
    if (body?.type === 'application/vnd.microsoft.card.adaptive') {
      shown.push(body.value);
      expect(cardProblems(body.value)).toEqual([]);
    }
    return JSON.stringify(body?.value);
  }

  return {
    ...base,
    connector,
    shown,
    say,
    invoke,
    sentTo,
    /** The Adaptive Cards the bot sent in `who`'s 1:1 chat. */
    cardsTo: (who: U) => cardsIn(sentTo(who)),
    /** The app installed in the team by `from`: the bot learns the team's serviceUrl and roster from it. */
    async installInTeam(from: U) {
      expect((await connector.activityTo(service.url, connector.installationUpdate({ action: 'add', scope: 'team', from: users[from].id, team: team.id }))).status).toBe(200);
    },
    /** Personal installs for everyone: proactive 1:1 cards need the conversation. */
    async installPersonal() {
      for (const u of Object.values<TeamsUser>(users)) await connector.activityTo(service.url, connector.installationUpdate({ action: 'add', scope: 'personal', from: u.id }));
    },
  };
}
