#!/usr/bin/env node
// A stand-in Teams on loopback for trying the Teams bot by hand, outside the tests: the tests'
// fake of the Bot Connector, with the Bot Framework's OpenID metadata and Entra's token
// endpoint, holding the demo municipality's people and a team. It prints the settings that
// point `npm start` at it; once the service answers, it installs the app in the team and
// reads lines such as
//   maja: coordinate SAG-2026-0412        a message from Maja in her 1:1 chat with the bot
//   maja@team: coordinate SAG-2026-0412   the same in the team's channel
// printing what the bot sent. `--say "maja: help"` (repeatable) runs lines and exits.
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import ts from 'typescript';
import { loadFakes, sleep } from '../../chat/bench/kit.mjs';

const { values } = parseArgs({ options: { service: { type: 'string', default: 'http://127.0.0.1:8080' }, say: { type: 'string', multiple: true } } });
const service = values.service.replace(/\/$/, '');
const { FakeConnector } = await loadFakes(ts, new URL('../test/fakes/', import.meta.url), 'connector.ts');

const APP = randomUUID();
const ENTRA = randomUUID();
const TEAM = '19:demo-team@thread.tacv2';
// The demo municipality's people (packages/server/src/demo.ts), found in the roster by e-mail.
const PEOPLE = { maja: ['p-job-1', 'Maja Holm'], anders: ['p-job-2', 'Anders Lund'], sofie: ['p-fam-1', 'Sofie Krag'], line: ['p-psyk-1', 'Line Dahl'], leder: ['leder-jobcenter', 'Leder, Jobcenter'] };

const connector = await FakeConnector.start({ appId: APP, tenantId: ENTRA });
for (const [key, [person, name]] of Object.entries(PEOPLE)) connector.addUser({ id: `29:${key}`, aadObjectId: `aad-${key}`, name, email: `${person}@demokommune.example.dk` });
connector.addTeam({ id: TEAM, name: 'Tværfagligt team', channels: [{ id: TEAM, name: 'General' }], members: Object.keys(PEOPLE).map((k) => `29:${k}`) });

const settings = {
  TEAMS_CLIENT_ID: APP,
  TEAMS_CLIENT_SECRET: connector.appSecret,
  TEAMS_TENANT_ID: ENTRA,
  TEAMS_LOGIN_URL: connector.loginUrl,
  TEAMS_OPENID_METADATA_URL: connector.openIdMetadataUrl,
  TEAMS_SERVICE_HOSTS: '127.0.0.1',
};
console.log(`A stand-in Teams at ${connector.url} (Ctrl+C stops it). Start the service against it:\n`);
console.log(`  ${Object.entries(settings).map(([k, v]) => `${k}=${v}`).join(' \\\n  ')} \\\n  npm start\n`);

// The service is up when its liveness answers; then the app is installed in the team.
process.stdout.write(`waiting for ${service} …`);
for (;;) {
  if (await fetch(`${service}/healthz`).then((r) => r.ok, () => false)) break;
  await sleep(500);
}
const installed = await connector.activityTo(service, connector.installationUpdate({ action: 'add', scope: 'team', from: '29:maja', team: TEAM }));
console.log(installed.status === 200 ? ' installed in the team.' : ` the service answered ${installed.status}: are the settings above the service's?`);
console.log(`People: ${Object.keys(PEOPLE).join(', ')}. Write "maja: help" or "maja@team: coordinate SAG-2026-0412".`);

/** What the bot sent since `before`, one line each: a text, or an Adaptive Card's text blocks. */
function shown(before) {
  return connector
    .sent()
    .filter((a) => Number(a.id) > before)
    .map((a) => {
      const cards = (a.attachments ?? []).map((x) => texts(x.content).join(' · '));
      const where = a.conversationId.startsWith('a:') ? '1:1' : 'team';
      return `  [${where}] ${[a.text, ...cards].filter(Boolean).join(' | ').replace(/\s*\n\s*/g, ' / ')}`;
    });
}
const texts = (node) => (Array.isArray(node) ? node.flatMap(texts) : node && typeof node === 'object' ? [...(node.type === 'TextBlock' ? [node.text] : []), ...Object.values(node).flatMap(texts)] : []);

async function say(line) {
  const found = /^\s*(\w+)(@team)?\s*:\s*(.+)$/.exec(line);
  if (!found || !(found[1] in PEOPLE)) return console.log(`  write "name: text" or "name@team: text", name one of ${Object.keys(PEOPLE).join(', ')}`);
  const [, who, inTeam, text] = found;
  const before = Math.max(0, ...connector.sent().map((a) => Number(a.id)));
  const activity = connector.message({ text, from: `29:${who}`, ...(inTeam ? { conversation: { type: 'channel', teamId: TEAM, channelId: TEAM }, mentionBot: true } : {}) });
  const res = await connector.activityTo(service, activity);
  if (res.status !== 200) console.log(`  the service answered ${res.status}`);
  // Work after the answer (a thread's participants, the card) arrives a moment later.
  await sleep(300);
  console.log(shown(before).join('\n') || '  (nothing sent)');
}

if (values.say?.length) {
  for (const line of values.say) await say(line);
  await connector.close();
} else {
  const lines = createInterface({ input: process.stdin, prompt: '> ' });
  lines.prompt();
  for await (const line of lines) {
    if (line.trim()) await say(line);
    lines.prompt();
  }
  await connector.close();
}
