// A platform's classified errors, met once for both bots: how long a gesture waits, what
// the person is told, and what the outbox hears.
import { PermanentDeliveryError, RetryLaterError, type OutboxMessage } from '@samspil/server';
import { describe, expect, it } from 'vitest';
import { failureText, messages, OutboxPort, retrying, retryWait, type Failure } from '../src/index.js';

const t = messages.en;
const thrown = (failure: Failure) => Object.assign(new Error('the platform said no'), { failure });
const classify = (error: unknown): Failure => (error as { failure?: Failure }).failure ?? { kind: 'other' };
const portFailing = (error: Error) => new OutboxPort('slack', async () => Promise.reject(error), classify);
const message = {} as OutboxMessage;

describe('a gesture retrying', () => {
  it('waits out a rate limit as the platform says, a second when it does not say', () => {
    expect(retryWait({ kind: 'transient', limit: 'ratelimited', retryAfterMs: 7_000 }, 0)).toBe(7_000);
    expect(retryWait({ kind: 'transient', limit: 'ratelimited', retryAfterMs: undefined }, 3)).toBe(1_000);
  });

  it('backs off from a 5xx or the network, takes a wait another service named, and stops at a final word', () => {
    const wait = retryWait({ kind: 'transient' }, 2)!;
    expect(wait).toBeGreaterThanOrEqual(1_000);
    expect(wait).toBeLessThanOrEqual(2_000);
    expect(retryWait({ kind: 'transient', retryAfterMs: 5_000 }, 0)).toBe(5_000);
    expect(retryWait({ kind: 'refused', code: 'channel_not_found' }, 0)).toBeUndefined();
    expect(retryWait({ kind: 'other', code: 'not_in_channel' }, 0)).toBeUndefined();
  });

  it('tries a call again while it is transient, and throws a refusal at once', async () => {
    let calls = 0;
    const flaky = async () => (++calls < 3 ? Promise.reject(thrown({ kind: 'transient', retryAfterMs: 1 })) : 'done');
    expect(await retrying(flaky, classify)).toBe('done');
    expect(calls).toBe(3);
    const refused = thrown({ kind: 'refused', code: 'is_archived' });
    await expect(retrying(async () => Promise.reject(refused), classify)).rejects.toBe(refused);
  });

  it('tells the person what the platform refused, and anything else to try again', () => {
    expect(failureText({ kind: 'refused', code: 'HTTP 403' }, t)).toBe(t.platformRefused('HTTP 403'));
    expect(failureText({ kind: 'other', code: 'not_in_channel' }, t)).toBe(t.platformRefused('not_in_channel'));
    expect(failureText({ kind: 'other' }, t)).toBe(t.failed);
    expect(failureText({ kind: 'transient', limit: 'ratelimited' }, t)).toBe(t.failed);
  });
});

describe('the outbox port', () => {
  it('turns a rate limit into a wait as the platform says, 30 s when it does not say', async () => {
    const said = await portFailing(thrown({ kind: 'transient', limit: 'ratelimited', retryAfterMs: 7_000 })).deliver(message).catch((e: unknown) => e);
    expect(said).toBeInstanceOf(RetryLaterError);
    expect(said).toMatchObject({ message: 'ratelimited, retry after 7 s', retryAfterMs: 7_000 });
    const unsaid = await portFailing(thrown({ kind: 'transient', limit: '429 from the Bot Connector' })).deliver(message).catch((e: unknown) => e);
    expect(unsaid).toMatchObject({ message: '429 from the Bot Connector, retry after ? s', retryAfterMs: 30_000 });
  });

  it('gives up on a refusal for good, naming it; anything else goes back to the outbox as it was', async () => {
    const refused = await portFailing(thrown({ kind: 'refused', code: 'HTTP 404', detail: '404 from the Bot Connector: {}' })).deliver(message).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PermanentDeliveryError);
    expect((refused as Error).message).toBe('404 from the Bot Connector: {}');
    for (const failure of [{ kind: 'transient' }, { kind: 'other', code: 'invalid_auth' }] as Failure[]) {
      const error = thrown(failure);
      await expect(portFailing(error).deliver(message)).rejects.toBe(error);
    }
  });
});
