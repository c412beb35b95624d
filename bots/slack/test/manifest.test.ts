// The app manifest an admin pastes into Slack: well-formed by the Web API's own
// TypeScript type of a manifest, within Slack's documented limits, and asking for
// exactly the scopes of the Web API methods the code calls.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = parse(readFileSync(join(root, 'manifest.yml'), 'utf8')) as {
  display_information: { name: string; description: string };
  features: { slash_commands: { command: string; url: string; description: string; usage_hint: string; should_escape: boolean }[]; shortcuts: { name: string; type: string; callback_id: string; description: string }[]; app_home: Record<string, boolean>; bot_user: { display_name: string } };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { request_url: string; bot_events: string[] }; interactivity: { is_enabled: boolean; request_url: string } };
};
const source = readdirSync(join(root, 'src'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(join(root, 'src', f), 'utf8'))
  .join('\n');

// Slack's method reference: the bot scope each method needs (none for auth.test and views.*).
const SCOPES: Record<string, string[]> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'conversations.create': ['groups:write'],
  'conversations.invite': ['groups:write'],
  'conversations.archive': ['groups:write'],
  'conversations.open': ['im:write'],
  'pins.add': ['pins:write'],
  'users.info': ['users:read', 'users:read.email'],
  'users.lookupByEmail': ['users:read', 'users:read.email'],
  'views.open': [],
  'views.publish': [],
};

describe('bots/slack/manifest.yml', () => {
  it('is a Slack app manifest by the Web API\'s Manifest type', () => {
    // Compiled as an object literal, so a misspelt or misplaced field is an error.
    const dir = join(root, 'node_modules', '.cache', 'samspil-manifest');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'manifest-check.ts');
    writeFileSync(file, `import type { webApi } from '@slack/bolt';\nexport const manifest: webApi.AppsManifestCreateArguments['manifest'] = ${JSON.stringify(manifest, null, 2)};\n`);
    const program = ts.createProgram([file], { strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, skipLibCheck: true, types: [] });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  }, 60_000);

  it('keeps within Slack\'s limits', () => {
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.features.bot_user.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
    for (const c of manifest.features.slash_commands) {
      expect(c.command).toMatch(/^\/[a-z0-9_-]{1,31}$/);
      expect(c.description.length).toBeLessThanOrEqual(100);
      expect(c.usage_hint.length).toBeLessThanOrEqual(1000);
    }
    for (const s of manifest.features.shortcuts) {
      expect(s.name.length).toBeLessThanOrEqual(24);
      expect(s.description.length).toBeLessThanOrEqual(150);
      expect(s.callback_id.length).toBeLessThanOrEqual(255);
    }
  });

  it('points events, the command and interactivity at the one endpoint', () => {
    const urls = [manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url, ...manifest.features.slash_commands.map((c) => c.url)];
    for (const url of urls) expect(new URL(url).pathname).toBe('/slack/events');
    expect(new Set(urls).size).toBe(1);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });

  it('declares what the code listens to: the command, the shortcut, the events', () => {
    const commands = [...source.matchAll(/bolt\.command\('([^']+)'/g)].map((m) => m[1]);
    const shortcuts = [...source.matchAll(/bolt\.shortcut\('([^']+)'/g)].map((m) => m[1]);
    const events = [...source.matchAll(/bolt\.event\('([^']+)'/g)].map((m) => m[1]);
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(commands);
    expect(manifest.features.shortcuts.map((s) => s.callback_id)).toEqual(shortcuts);
    expect(manifest.features.shortcuts.every((s) => s.type === 'message')).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(events);
    // Mentions must arrive as <@U…> for `coordinator SAGSNR @person`.
    expect(manifest.features.slash_commands[0]!.should_escape).toBe(true);
  });

  it('asks for exactly the scopes of the Web API methods the code calls', () => {
    const methods = new Set([...source.matchAll(/\.(auth|chat|conversations|pins|users|views)\.(\w+)\(/g)].map((m) => `${m[1]}.${m[2]}`));
    expect(methods.size).toBeGreaterThan(5);
    const needed = new Set<string>(['commands']);
    for (const method of methods) {
      expect(SCOPES, `the scope of ${method} is not known to this test`).toHaveProperty([method]);
      for (const scope of SCOPES[method]!) needed.add(scope);
    }
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });
});
