// Secrets kept in the database (chat apps' tokens) are sealed with AES-256-GCM: a stolen
// backup or a read-only SQL account does not hand out a workspace's bot token, and a
// tampered value is refused rather than used.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CodedError, ErrorCode } from './errors.js';

/** The 32-byte key from its text form (base64 or hex, as `openssl rand -base64 32` prints it). */
export function encryptionKey(text: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new CodedError(ErrorCode.InvalidUsage, 'the encryption key must be 32 bytes, in base64 or hex (openssl rand -base64 32)');
  return key;
}

/** `v1.` then the nonce, the tag and the ciphertext, each base64url. */
export function seal(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

/** The plain text, or a coded error when the value was not sealed with this key or was changed. */
export function unseal(key: Buffer, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new CodedError(ErrorCode.InvalidUsage, 'not a sealed value');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new CodedError(ErrorCode.InvalidUsage, 'a sealed value could not be opened: another key (SAMSPIL_ENCRYPTION_KEY), or it was changed');
  }
}
