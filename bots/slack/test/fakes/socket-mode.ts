// Slack's Socket Mode side, for the fake: a WebSocket endpoint (RFC 6455, on the
// fake's own HTTP server) that greets with `hello`, delivers envelopes
// (`slash_commands`, `interactive`, `events_api`) and waits for the app's
// acknowledgement `{ envelope_id, payload? }`, as apps.connections.open's URL does.
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

type Json = Record<string, unknown>;
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** One server-to-client frame: FIN set, not masked (a server never masks). */
function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const head = length < 126 ? Buffer.from([0x80 | opcode, length]) : length < 65536 ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff]) : Buffer.concat([Buffer.from([0x80 | opcode, 127]), (() => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(length));
    return b;
  })()]);
  return Buffer.concat([head, payload]);
}

class Connection {
  #buffer = Buffer.alloc(0);

  constructor(
    readonly socket: Duplex,
    private readonly onMessage: (message: Json) => void,
  ) {
    socket.on('data', (chunk: Buffer) => this.#read(chunk));
    socket.on('error', () => socket.destroy());
  }

  send(message: Json): void {
    this.socket.write(frame(0x1, Buffer.from(JSON.stringify(message))));
  }

  close(): void {
    this.socket.end(frame(0x8, Buffer.from([0x03, 0xe8])));
  }

  /** Client frames are masked; a message may span chunks, and a chunk may hold several frames. */
  #read(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const b = this.#buffer;
      if (b.length < 2) return;
      const opcode = b[0]! & 0x0f;
      let length = b[1]! & 0x7f;
      let at = 2;
      if (length === 126) {
        if (b.length < 4) return;
        length = b.readUInt16BE(2);
        at = 4;
      } else if (length === 127) {
        if (b.length < 10) return;
        length = Number(b.readBigUInt64BE(2));
        at = 10;
      }
      const masked = (b[1]! & 0x80) !== 0;
      if (b.length < at + (masked ? 4 : 0) + length) return;
      const mask = masked ? b.subarray(at, at + 4) : undefined;
      at += masked ? 4 : 0;
      const payload = Buffer.from(b.subarray(at, at + length));
      if (mask) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
      this.#buffer = b.subarray(at + length);
      if (opcode === 0x1) this.onMessage(JSON.parse(payload.toString('utf8')) as Json);
      else if (opcode === 0x9) this.socket.write(frame(0xa, payload)); // ping → pong
      else if (opcode === 0x8) {
        this.socket.end(frame(0x8, payload.subarray(0, 2)));
        return;
      }
    }
  }
}

export class FakeSocketMode {
  readonly connections: Connection[] = [];
  readonly acks: Json[] = [];
  readonly #waiting = new Map<string, (ack: Json) => void>();
  #connected: (() => void)[] = [];

  /** Serves `GET /link?ticket=…` upgrades on the fake's HTTP server. */
  attach(server: Server, appId: string): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex) => {
      const key = request.headers['sec-websocket-key'];
      if (!request.url?.startsWith('/link') || typeof key !== 'string') return void socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      const accept = createHash('sha1').update(key + GUID).digest('base64');
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
      const connection = new Connection(socket, (message) => {
        this.acks.push(message);
        const id = typeof message.envelope_id === 'string' ? message.envelope_id : '';
        this.#waiting.get(id)?.(message);
        this.#waiting.delete(id);
      });
      this.connections.push(connection);
      connection.send({ type: 'hello', num_connections: this.connections.length, debug_info: { host: 'fake-socket-mode', approximate_connection_time: 18060 }, connection_info: { app_id: appId } });
      for (const resolve of this.#connected.splice(0)) resolve();
    });
  }

  /** Resolves once an app is connected. */
  connected(): Promise<void> {
    return this.connections.length > 0 ? Promise.resolve() : new Promise((resolve) => this.#connected.push(resolve));
  }

  /** Delivers an envelope to the newest connection; resolves with the app's acknowledgement. */
  deliver(type: 'slash_commands' | 'interactive' | 'events_api', payload: Json, extra: Json = {}): Promise<Json> {
    const connection = this.connections.at(-1);
    if (!connection) throw new Error('FakeSocketMode: no app is connected');
    const envelopeId = randomUUID();
    const ack = new Promise<Json>((resolve) => this.#waiting.set(envelopeId, resolve));
    connection.send({ envelope_id: envelopeId, payload, type, accepts_response_payload: type !== 'events_api', ...(type === 'events_api' ? { retry_attempt: 0, retry_reason: '' } : {}), ...extra });
    return ack;
  }

  close(): void {
    for (const c of this.connections.splice(0)) c.close();
  }
}
