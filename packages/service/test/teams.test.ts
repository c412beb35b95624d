// `npm start` with the Teams settings pointed at local fakes of Microsoft's side (issue 15):
// the Bot Framework's signing keys, Entra's token endpoint and the Bot Connector, all the
// tests' fake on loopback. The same run the README shows with `npm run try-teams`.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeConnector } from '../../../bots/teams/test/fakes/connector.js';

const main = new URL('../dist/main.js', import.meta.url).pathname;
const APP = randomUUID();
const ENTRA = randomUUID();
const TEAM = '19:demo-team@thread.tacv2';

describe('npm start against a local Teams', () => {
  let connector: FakeConnector;
  let child: ChildProcessWithoutNullStreams;
  let url = '';
  let out = '';

  beforeAll(async () => {
    connector = await FakeConnector.start({ appId: APP, tenantId: ENTRA });
    connector.addUser({ id: '29:maja', aadObjectId: 'aad-maja', name: 'Maja Holm', email: 'p-job-1@demokommune.example.dk' });
    connector.addTeam({ id: TEAM, channels: [{ id: TEAM, name: 'General' }], members: ['29:maja'] });
    const env = {
      PATH: process.env.PATH!,
      PORT: '0',
      SAMSPIL_DATA_DIR: join(mkdtempSync(join(tmpdir(), 'samspil-teams-')), 'data'),
      TEAMS_CLIENT_ID: APP,
      TEAMS_CLIENT_SECRET: connector.appSecret,
      TEAMS_TENANT_ID: ENTRA,
      TEAMS_LOGIN_URL: connector.loginUrl,
      TEAMS_OPENID_METADATA_URL: connector.openIdMetadataUrl,
      TEAMS_SERVICE_HOSTS: '127.0.0.1',
    };
    child = spawn(process.execPath, [main], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    url = await new Promise<string>((resolve, reject) => {
      const seen = (chunk: Buffer) => {
        out += chunk;
        const found = /API:\s+(http:\/\/[^/\s]+)\/api\/v1/.exec(out);
        if (found && out.includes('Ctrl+C stops it.')) resolve(found[1]!);
      };
      child.stdout.on('data', seen);
      child.stderr.on('data', seen);
      child.on('exit', () => reject(new Error(`exited before it ran:\n${out}`)));
    });
  }, 60_000);
  afterAll(async () => {
    child?.kill('SIGTERM');
    await connector?.close();
  });

  it('takes its tokens from the local Entra, is installed in the team and answers the demo municipality\'s people', async () => {
    expect(out).toMatch(/Chat:\s+teams/);
    expect((await connector.activityTo(url, connector.installationUpdate({ action: 'add', scope: 'team', from: '29:maja', team: TEAM }))).status).toBe(200);
    expect((await connector.activityTo(url, connector.message({ text: 'stalled', from: '29:maja' }))).status).toBe(200);
    const answer = JSON.stringify(connector.conversation(connector.personalConversationId('29:maja'))?.sent ?? []);
    // Maja's team lead view of the demo: the stalled case, by reference.
    expect(answer).toContain('SAG-2026-0977');
    // A single-tenant app: its tokens from its own Entra tenant, with the secret the fake checks.
    expect(connector.tokenRequests).toEqual([{ tenant: ENTRA, scope: 'https://api.botframework.com/.default', status: 200 }]);
  }, 30_000);
});
