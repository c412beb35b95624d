// The environment, read once and strictly, with one zod schema: a value that is not
// understood stops the start with a message naming each variable, rather than being taken
// for something else. Nothing below the composition root reads the environment.
import { isIP } from 'node:net';
import { POSTGRES_URL } from '@samspil/server';
import * as z from 'zod/mini';

export interface ServiceConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string | undefined;
  poolSize: number | undefined;
  tokenSecret: string | undefined;
  corsOrigins: string[];
  schedulerIntervalMs: number;
  senderIntervalMs: number;
  /** `GET /metrics`: off, open (on a network only operations reach), or behind its own token. */
  metrics: { token: string | undefined } | undefined;
  /** The operator's token: the routes across municipalities (invitations) answer only to it. */
  operatorToken: string | undefined;
  /** This service's public address. */
  publicUrl: string | undefined;
  /** The proxies (addresses, CIDRs, or proxy-addr's `loopback`, `linklocal`, `uniquelocal`) whose `X-Forwarded-For` is believed. */
  trustedProxies: string[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** The demo municipality: asked for, or by default on the embedded database at a loopback address. */
  demo: boolean;
  /** Where the example hosts and their data are (the demo's data, the pages at /examples/). */
  examplesDir: string | undefined;
  /** The chat adapters' variables (SLACK_…, TEAMS_…, and the encryption key and public URL that installing by OAuth needs), checked here and read by the adapters' own functions. */
  chat: Record<string, string>;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i;

const whole = (min: number, max: number) =>
  z.pipe(
    z.string().check(z.refine((v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max, `expected a whole number from ${min} to ${max}`)),
    z.transform(Number),
  );
const bool = z.optional(
  z.pipe(
    z.string().check(z.refine((v) => [...TRUE, ...FALSE].includes(v.toLowerCase()), `expected one of ${[...TRUE, ...FALSE].join(', ')}`)),
    z.transform((v) => TRUE.includes(v.toLowerCase())),
  ),
);
const url = (what: RegExp, message: string) => z.optional(z.string().check(z.refine((v) => what.test(v), message)));
const language = z.optional(z.enum(['da', 'en']));
const list = (item: Pick<RegExp, 'test'>, message: string) =>
  z.pipe(
    z._default(z.string(), ''),
    z.pipe(
      z.transform((v: string) => v.split(',').map((o) => o.trim()).filter(Boolean)),
      z.array(z.string().check(z.refine((v) => item.test(v), message))),
    ),
  );

/** A proxy as Fastify's `trustProxy` takes it: an address, a CIDR, or a named range. */
const isProxy = (v: string): boolean => {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(v)) return true;
  const [address = '', bits, ...rest] = v.split('/');
  const family = isIP(address);
  return family !== 0 && rest.length === 0 && (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128)));
};

const Environment = z.object({
  PORT: z._default(whole(0, 65535), 8080),
  HOST: z._default(z.string(), '127.0.0.1'),
  DATABASE_URL: url(POSTGRES_URL, 'expected a postgres:// URL'),
  SAMSPIL_DATA_DIR: z.optional(z.string()),
  SAMSPIL_DB_POOL: z.optional(whole(1, 1000)),
  SAMSPIL_TOKEN_SECRET: z.optional(z.string().check(z.minLength(32, 'must be at least 32 characters'))),
  SAMSPIL_CORS_ORIGINS: list(/^https?:\/\/[^/\s]+$/, 'expected origins such as https://sag.example.dk, separated by commas'),
  SAMSPIL_TRUSTED_PROXIES: list({ test: isProxy }, 'expected addresses or CIDRs such as 10.0.0.5 or 10.0.0.0/8, separated by commas'),
  SAMSPIL_SCHEDULER_INTERVAL_MS: z._default(whole(1_000, 86_400_000), 60_000),
  SAMSPIL_SENDER_INTERVAL_MS: z._default(whole(100, 3_600_000), 5_000),
  SAMSPIL_LOG_LEVEL: z._default(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
  SAMSPIL_DEMO: bool,
  SAMSPIL_METRICS: bool,
  SAMSPIL_METRICS_TOKEN: z.optional(z.string().check(z.minLength(32, 'must be at least 32 characters'))),
  SAMSPIL_OPERATOR_TOKEN: z.optional(z.string().check(z.minLength(32, 'must be at least 32 characters'))),
  SAMSPIL_EXAMPLES_DIR: z.optional(z.string()),
  SLACK_API_URL: url(/^https?:\/\//, 'expected an http(s) URL'),
  SAMSPIL_PUBLIC_URL: url(/^https?:\/\/[^/\s]+\/?$/, 'expected the service\'s public address, such as https://samspil.example.dk'),
  SAMSPIL_ENCRYPTION_KEY: z.optional(z.string().check(z.refine((v) => /^[0-9a-f]{64}$/i.test(v) || Buffer.from(v, 'base64').length === 32, 'expected 32 bytes in base64 or hex (openssl rand -base64 32)'))),
  SLACK_LANGUAGE: language,
  TEAMS_LANGUAGE: language,
  TEAMS_SERVICE_HOSTS: list(/^[a-z0-9.*-]+(:\d+)?$/i, 'expected host names separated by commas'),
  TEAMS_CLOUD: z.optional(z.enum(['Public', 'USGov', 'USGovDoD', 'China'])),
  TEAMS_LOGIN_URL: url(/^https?:\/\/\S+$/, 'expected Entra\'s login address, such as https://login.microsoftonline.us'),
  TEAMS_OPENID_METADATA_URL: url(/^https?:\/\//, 'expected an http(s) URL'),
});

/**
 * The chat setups, each started when all it needs is set. A credential (a SLACK_ or TEAMS_
 * variable below) set outside every complete setup is half a setup, which would start
 * nothing and say nothing: it stops the start instead. The service's own settings
 * (SAMSPIL_…) and those that only tune a setup (language, channel, tenant) are not credentials.
 */
const CHAT_SETUPS: { setup: string; needs: string[] }[] = [
  { setup: 'Slack for one workspace', needs: ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'] },
  { setup: 'Slack for one workspace in Socket Mode', needs: ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN'] },
  { setup: 'Slack installs by OAuth', needs: ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'SLACK_SIGNING_SECRET', 'SAMSPIL_ENCRYPTION_KEY', 'SAMSPIL_PUBLIC_URL'] },
  { setup: 'Slack installs by OAuth in Socket Mode', needs: ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'SLACK_SIGNING_SECRET', 'SAMSPIL_ENCRYPTION_KEY', 'SAMSPIL_PUBLIC_URL', 'SLACK_APP_TOKEN'] },
  { setup: 'Teams', needs: ['TEAMS_CLIENT_ID', 'TEAMS_CLIENT_SECRET'] },
  { setup: 'Teams with a single-tenant app', needs: ['TEAMS_CLIENT_ID', 'TEAMS_CLIENT_SECRET', 'TEAMS_TENANT_ID'] },
];

/** One problem for each group of credentials no complete setup takes, naming what the nearest setups miss. */
function halfSetups(set: Record<string, string>): string[] {
  const complete = CHAT_SETUPS.filter((s) => s.needs.every((v) => v in set));
  let stray = [...new Set(CHAT_SETUPS.flatMap((s) => s.needs))].filter((v) => !v.startsWith('SAMSPIL_') && v in set && !complete.some((s) => s.needs.includes(v)));
  const problems: string[] = [];
  while (stray.length) {
    // The setups that take most of the stray credentials, then those missing least.
    const takes = (s: { needs: string[] }) => stray.filter((v) => s.needs.includes(v));
    const lacks = (s: { needs: string[] }) => s.needs.filter((v) => !(v in set));
    const nearest = CHAT_SETUPS.filter((s) => takes(s).length).sort((a, b) => takes(b).length - takes(a).length || lacks(a).length - lacks(b).length);
    const taken = takes(nearest[0]!);
    const best = nearest.filter((s) => lacks(s).length === lacks(nearest[0]!).length && taken.every((v) => s.needs.includes(v)));
    problems.push(`${taken.join(', ')}: set, but not ${best.map((s) => `${lacks(s).join(', ')} (${s.setup})`).join(' or ')}; set ${best.length > 1 ? 'one of those' : lacks(best[0]!).length > 1 ? 'those' : 'it'} too, or unset ${taken.length === 1 ? 'it' : 'them'}`);
    stray = stray.filter((v) => !taken.includes(v));
  }
  return problems;
}

/** Reads the service's settings; throws a `ConfigError` naming every variable it could not take. */
export function serviceConfig(env: NodeJS.ProcessEnv): ServiceConfig {
  // An empty variable is an unset one.
  const set = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
  const parsed = z.safeParse(Environment, set);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
    throw new ConfigError([...new Set(problems)].sort());
  }
  const half = halfSetups(set);
  if (half.length) throw new ConfigError(half);
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.SAMSPIL_DATA_DIR,
    poolSize: e.SAMSPIL_DB_POOL,
    tokenSecret: e.SAMSPIL_TOKEN_SECRET,
    corsOrigins: e.SAMSPIL_CORS_ORIGINS,
    trustedProxies: e.SAMSPIL_TRUSTED_PROXIES,
    schedulerIntervalMs: e.SAMSPIL_SCHEDULER_INTERVAL_MS,
    senderIntervalMs: e.SAMSPIL_SENDER_INTERVAL_MS,
    logLevel: e.SAMSPIL_LOG_LEVEL,
    metrics: e.SAMSPIL_METRICS_TOKEN ? { token: e.SAMSPIL_METRICS_TOKEN } : e.SAMSPIL_METRICS ? { token: undefined } : undefined,
    operatorToken: e.SAMSPIL_OPERATOR_TOKEN,
    publicUrl: e.SAMSPIL_PUBLIC_URL?.replace(/\/$/, ''),
    demo: e.SAMSPIL_DEMO ?? (e.DATABASE_URL === undefined && LOOPBACK.test(e.HOST)),
    examplesDir: e.SAMSPIL_EXAMPLES_DIR,
    chat: Object.fromEntries(Object.entries(set).filter(([name]) => /^(SLACK|TEAMS)_|^SAMSPIL_(ENCRYPTION_KEY|PUBLIC_URL)$/.test(name))),
  };
}
