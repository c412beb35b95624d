// What a browser does when someone follows an install link: Samspil's /slack/install, Slack's
// consent page (the fake's, approved at once), back to Samspil with the state cookie.
import { randomBytes } from 'node:crypto';
import type { SlackOAuth } from '../../src/app.js';

/** Where Slack sends the installer back in the tests; rewritten to the service's address when followed. */
export const PUBLIC = 'https://samspil.example.dk';

/** The OAuth settings the tests' adapters share (a fresh encryption key each). */
export const testOAuth = (authorizationUrl: string): SlackOAuth => ({
  clientId: 'client-1',
  clientSecret: 'client-secret-1',
  stateSecret: 'state-secret-state-secret',
  encryptionKey: randomBytes(32).toString('base64'),
  publicUrl: PUBLIC,
  authorizationUrl,
});

/** Follows an install link; `consentOrigin` is the workspace whose consent page the browser is in (else the link's). */
export async function installThrough(serviceUrl: string, invitation: string, consentOrigin?: string): Promise<{ status: number; page: string }> {
  const start = await fetch(`${serviceUrl}/slack/install?invitation=${encodeURIComponent(invitation)}`, { redirect: 'manual' });
  if (start.status !== 302) return { status: start.status, page: await start.text() };
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0]!;
  const location = start.headers.get('location')!;
  const consent = await fetch(consentOrigin ? location.replace(new URL(location).origin, consentOrigin) : location, { redirect: 'manual' });
  if (consent.status !== 302) return { status: consent.status, page: await consent.text() };
  const done = await fetch(consent.headers.get('location')!.replace(PUBLIC, serviceUrl), { headers: { cookie } });
  return { status: done.status, page: await done.text() };
}
