// Several fake Slack workspaces behind one Web API address, as Slack is one API for every
// workspace: a call goes to the workspace whose bot token it carries (any other token is
// `invalid_auth`), a code for a token to the workspace whose consent page issued it.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeSlack } from './slack-api.js';

export class FakeSlackFleet {
  private constructor(
    private readonly server: Server,
    readonly workspaces: FakeSlack[],
  ) {}

  static async start(workspaces: FakeSlack[]): Promise<FakeSlackFleet> {
    const server = createServer();
    const fleet = new FakeSlackFleet(server, workspaces);
    server.on('request', (req, res) => {
      fleet.forward(req).then(
        ({ status, headers, body }) => res.writeHead(status, headers).end(body),
        (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fleet;
  }

  /** The Web API's base URL for the app. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async forward(req: IncomingMessage): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const send = async (to: FakeSlack) => {
      const res = await fetch(`${to.origin}${req.url}`, { method: req.method, headers: { 'content-type': String(req.headers['content-type'] ?? ''), authorization: String(req.headers.authorization ?? '') }, ...(req.method === 'GET' ? {} : { body }) });
      return { status: res.status, headers: { 'content-type': res.headers.get('content-type') ?? 'application/json' }, body: await res.text() };
    };
    if (req.url?.startsWith('/api/oauth.v2.access')) {
      // The workspace that issued the code answers ok; codes are single-use, so only one can.
      for (const to of this.workspaces) {
        const answer = await send(to);
        if ((JSON.parse(answer.body) as { ok: boolean }).ok) return answer;
      }
      return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ok: false, error: 'invalid_code' }) };
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1] ?? new URLSearchParams(body).get('token') ?? '';
    const to = this.workspaces.find((w) => w.accepts(bearer));
    if (!to) return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ok: false, error: 'invalid_auth' }) };
    return send(to);
  }
}
