// The service's one logger: pino (Fastify's own), JSON lines. A line carries structure:
// codes, ids, routes, statuses, counts. Never a secret, a case's data, or a URL (a path
// may hold what a caller typed): requests are logged by their route pattern.
import type { FastifyBaseLogger } from 'fastify';
import { pino, type DestinationStream } from 'pino';

/** pino's interface, as Fastify takes it. */
export type Log = FastifyBaseLogger;

/** Keys whose values never reach a log line, wherever they appear (two levels deep). */
const SECRET_KEYS = ['authorization', 'token', 'apiKey', 'key', 'secret', 'tokenSecret', 'password', 'signingSecret', 'botToken', 'appToken', 'clientSecret', 'payload', 'body', 'note', 'citizenWishes'];
const REDACT = [...SECRET_KEYS, ...SECRET_KEYS.map((k) => `*.${k}`), 'req.headers', 'headers'];

interface RequestLike {
  id?: string;
  method?: string;
  ip?: string;
  routeOptions?: { url?: string };
}

export function createLog(options: { level?: string; destination?: DestinationStream } = {}): Log {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'samspil' },
      redact: { paths: REDACT, censor: '[redacted]' },
      serializers: {
        // The route's pattern (`/api/v1/cases/:reference`), not the URL that was asked.
        req: (req: RequestLike) => ({ method: req.method, route: req.routeOptions?.url ?? '(no route)' }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
        err: (err: Error & { code?: string }) => ({ type: err.name, code: err.code }),
      },
    },
    options.destination,
  );
}

/** A logger that keeps its lines (tests, and a service's callers that assert on what was logged). */
export function memoryLog(level = 'info'): { log: Log; lines: string[] } {
  const lines: string[] = [];
  return { log: createLog({ level, destination: { write: (line: string) => void lines.push(line) } }), lines };
}
