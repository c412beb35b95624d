// Bolt's receiver on the service's own Fastify server: one URL (POST /slack/events)
// for the Events API, slash commands and interactivity, as Slack sends them.
import { CodedError, ErrorCode, Problem, type Log } from '@samspil/server';
import { ErrorCode as BoltErrorCode, LogLevel, verifySlackRequest, type App, type Logger, type Receiver, type ReceiverEvent } from '@slack/bolt';
import type { FastifyInstance, FastifyReply } from 'fastify';

export interface ReceiverOptions {
  signingSecret: string;
  path?: string;
  /** True the first time a delivery key (event_id, trigger_id) is seen. */
  firstDelivery(key: string): Promise<boolean>;
  log: Log;
  /** Slack gives up on a request after 3 s; answer 200 before that if no handler acked. */
  ackTimeoutMs?: number;
  /** The real time in ms, as Slack's timestamps are (a request's signature is refused 5 minutes out), whatever the service's clock says. */
  now: () => number;
}

type Ack = { kind: 'ack'; response: unknown } | { kind: 'done' } | { kind: 'error'; error: unknown } | { kind: 'timeout' };

export class FastifyReceiver implements Receiver {
  #bolt: App | undefined;

  constructor(
    fastify: FastifyInstance,
    private readonly options: ReceiverOptions,
  ) {
    // Its own plugin scope: the signature covers the raw body, so it is read as text here.
    void fastify.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
      scope.post(options.path ?? '/slack/events', async (request, reply) => this.#handle(String(request.body ?? ''), request.headers, reply));
    });
  }

  init(bolt: App): void {
    this.#bolt = bolt;
  }

  // The HTTP server is the service's: it starts and stops with the service.
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  async #handle(raw: string, headers: Record<string, string | string[] | undefined>, reply: FastifyReply): Promise<unknown> {
    const contentType = String(headers['content-type'] ?? '').split(';')[0]!.trim();
    const form = contentType === 'application/x-www-form-urlencoded' ? new URLSearchParams(raw) : undefined;
    // Slack's certificate check carries no signature; it only needs a 200.
    if (form?.get('ssl_check') === '1') return reply.code(200).send('');
    this.#verify(raw, headers);

    let body: Record<string, unknown>;
    try {
      body = form ? (form.has('payload') ? JSON.parse(form.get('payload')!) : Object.fromEntries(form)) : JSON.parse(raw);
    } catch {
      throw new Problem(400, 'the body is neither a Slack form nor JSON');
    }
    if (body.type === 'url_verification') return { challenge: body.challenge };

    const retryNum = headers['x-slack-retry-num'] === undefined ? undefined : Number(headers['x-slack-retry-num']);
    // A delivery seen before (Slack's retry, or a signed request replayed inside the five
    // minutes, with or without X-Slack-Retry-Num) is acknowledged and does nothing twice.
    // The check runs beside the listener up to its ack, so the ack never waits on the
    // database: every listener acks first, and its ack() resolves only for a first delivery
    // (for a repeat it throws, and the work after it never runs).
    const key = deliveryKey(body);
    const first = key ? this.options.firstDelivery(key) : Promise.resolve(true);
    first.catch(() => {});

    let acked: (value: Ack) => void = () => {};
    const ack = new Promise<Ack>((resolve) => (acked = resolve));
    const event: ReceiverEvent = {
      body,
      ack: async (response?: unknown) => {
        acked({ kind: 'ack', response });
        if (!(await first)) throw new RepeatedDelivery(key!);
      },
      ...(retryNum !== undefined ? { retryNum, retryReason: String(headers['x-slack-retry-reason'] ?? '') } : {}),
    };
    const processing = this.#bolt!.processEvent(event).then(
      (): Ack => ({ kind: 'done' }),
      (error: unknown): Ack => ({ kind: 'error', error }),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Ack>((resolve) => (timer = setTimeout(() => resolve({ kind: 'timeout' }), this.options.ackTimeoutMs ?? 2_500)));
    const outcome = await Promise.race([ack, processing, timeout]);
    clearTimeout(timer);
    // The listener goes on after its ack; its failures are logged, never lost silently.
    void processing.then((r) => r.kind === 'error' && outcome.kind !== 'error' && !(r.error instanceof RepeatedDelivery) && this.options.log.warn(`slack: handler failed: ${describe(r.error)}`));

    switch (outcome.kind) {
      case 'ack':
        if (outcome.response === undefined || outcome.response === '') return reply.code(200).send('');
        if (typeof outcome.response === 'string') return reply.code(200).type('text/plain; charset=utf-8').send(outcome.response);
        return reply.code(200).send(outcome.response);
      case 'done':
        return reply.code(200).send('');
      case 'timeout':
        this.options.log.warn('slack: no handler acknowledged the request in time');
        return reply.code(200).send('');
      case 'error':
        if ((outcome.error as { code?: string }).code === BoltErrorCode.AuthorizationError) throw new Problem(401, 'this Slack workspace is not linked to a municipality');
        if (outcome.error instanceof RepeatedDelivery) return reply.code(200).send('');
        this.options.log.warn(`slack: handler failed: ${describe(outcome.error)}`);
        throw new Problem(500, 'the Slack request could not be handled');
    }
  }

  /** Slack's v0 signature over the raw body, and a timestamp within five minutes either way. */
  #verify(raw: string, headers: Record<string, string | string[] | undefined>): void {
    const signature = headers['x-slack-signature'];
    const timestamp = Number(headers['x-slack-request-timestamp']);
    const now = this.options.now();
    if (typeof signature !== 'string' || !Number.isInteger(timestamp)) throw new Problem(401, 'the X-Slack-Signature and X-Slack-Request-Timestamp headers are required');
    // Bolt refuses old timestamps only; one from the future is as suspect (a replay prepared ahead).
    if (timestamp * 1000 > now + 300_000) throw new Problem(401, 'the X-Slack-Request-Timestamp is in the future');
    try {
      verifySlackRequest({ signingSecret: this.options.signingSecret, body: raw, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp }, nowMilliseconds: now, logger: silent });
    } catch (error) {
      throw new Problem(401, (error as Error).message.replace(/^Failed to verify authenticity: /, ''));
    }
  }
}

/** Thrown by a repeated delivery's ack(): the listener's work after it does not run. */
class RepeatedDelivery extends CodedError {
  constructor(key: string) {
    super(ErrorCode.RepeatedDelivery, `delivery ${key} was handled before`);
  }
}

/** What makes a delivery the same delivery: the event's id, else the user gesture's trigger. */
function deliveryKey(body: Record<string, unknown>): string | undefined {
  if (typeof body.event_id === 'string') return `event:${body.event_id}`;
  if (typeof body.trigger_id === 'string') return `trigger:${body.trigger_id}`;
  return undefined;
}

const describe = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error);
  const original = (error as { original?: unknown }).original;
  return original instanceof Error ? `${error.message} (${original.message})` : error.message;
};

/** A refused signature is answered 401; Bolt need not say so too. */
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };
