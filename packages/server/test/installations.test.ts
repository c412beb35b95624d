// The foundation of installing the chat apps per municipality: sealed tokens and one-time
// invitations (issue 15).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptionKey, seal, unseal } from '../src/secrets.js';
import type { Db } from '../src/store/db.js';
import { anyInstallation, createInvitation, deleteInstallation, findInstallation, invitationTenant, saveInstallation, useInvitation } from '../src/store/installations.js';
import { createTenant } from '../src/store/tenants.js';
import { databases } from './databases.js';

describe('sealed secrets', () => {
  const key = encryptionKey(randomBytes(32).toString('base64'));

  it('opens what it sealed, with the same key only, and refuses a changed value', () => {
    const sealed = seal(key, 'xoxb-1234-secret');
    expect(sealed).not.toContain('xoxb');
    expect(seal(key, 'xoxb-1234-secret')).not.toBe(sealed); // a fresh nonce each time
    expect(unseal(key, sealed)).toBe('xoxb-1234-secret');
    expect(() => unseal(encryptionKey(randomBytes(32).toString('hex')), sealed)).toThrow(/another key/);
    const [v, iv, tag, body] = sealed.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0]! ^= 1;
    expect(() => unseal(key, [v, iv, tag, flipped.toString('base64url')].join('.'))).toThrow(/changed/);
    expect(() => unseal(key, 'xoxb-plain')).toThrow(/not a sealed value/);
  });

  it('takes a 32-byte key in base64 or hex and names what is wrong with another', () => {
    expect(encryptionKey('00'.repeat(32)).length).toBe(32);
    expect(() => encryptionKey('short')).toThrow(/32 bytes/);
  });
});

describe.each(databases)('installations and invitations on $kind', ({ open }) => {
  let db: Db;
  let drop: () => Promise<void>;
  const now = new Date('2026-12-04T10:00:00Z');

  beforeAll(async () => {
    ({ db, drop } = await open());
    await createTenant(db, { id: 'aarhus', name: 'Aarhus' });
  });
  afterAll(() => drop?.());

  it('an invitation binds once, within its time, on its own platform', async () => {
    const code = await createInvitation(db, 'slack', 'aarhus', new Date(now.getTime() + 7 * 86_400_000));
    const { rows } = await db.query('SELECT * FROM chat_invitations');
    expect(JSON.stringify(rows)).not.toContain(code);
    expect(await invitationTenant(db, 'slack', code, now)).toBe('aarhus');
    expect(await invitationTenant(db, 'teams', code, now)).toBeUndefined();
    expect(await invitationTenant(db, 'slack', code, new Date(now.getTime() + 8 * 86_400_000))).toBeUndefined();
    // Two installs racing on one invitation: one wins.
    const both = await Promise.all([db.transaction((tx) => useInvitation(tx, 'slack', code, now)), db.transaction((tx) => useInvitation(tx, 'slack', code, now))]);
    expect(both.filter(Boolean)).toEqual(['aarhus']);
    expect(await invitationTenant(db, 'slack', code, now)).toBeUndefined();
    expect(await useInvitation(db, 'slack', 'inv_made-up', now)).toBeUndefined();
  });

  it('keeps one installation per workspace, replaced on reinstall, removed on uninstall', async () => {
    expect(await anyInstallation(db)).toBe(false);
    const key = encryptionKey(randomBytes(32).toString('base64'));
    const base = { platform: 'slack' as const, workspaceId: 'T1', enterprise: false, botId: 'B1', botUserId: 'U1', refreshToken: null, expiresAt: null };
    await saveInstallation(db, { ...base, botToken: seal(key, 'xoxb-old') });
    await saveInstallation(db, { ...base, botToken: seal(key, 'xoxb-new') });
    const found = await findInstallation(db, 'slack', 'T1');
    expect(unseal(key, found!.botToken)).toBe('xoxb-new');
    const { rows } = await db.query('SELECT * FROM chat_installations');
    expect(JSON.stringify(rows)).not.toContain('xoxb');
    expect(await deleteInstallation(db, 'slack', 'T1')).toBe(true);
    expect(await findInstallation(db, 'slack', 'T1')).toBeUndefined();
  });
});
