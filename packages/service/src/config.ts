// The environment, read once and strictly: a value that is not understood stops the start
// with a message naming the variable, rather than being taken for something else.
export interface ServiceConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string | undefined;
  tokenSecret: string | undefined;
  corsOrigins: string[];
  schedulerIntervalMs: number;
  /** The demo municipality: asked for, or by default on the embedded database at a loopback address. */
  demo: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i;

/** Reads the service's settings; throws a `ConfigError` naming every variable it could not take. */
export function serviceConfig(env: NodeJS.ProcessEnv): ServiceConfig {
  const problems: string[] = [];
  const text = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const bool = (name: string): boolean | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    if (TRUE.includes(value.toLowerCase())) return true;
    if (FALSE.includes(value.toLowerCase())) return false;
    problems.push(`${name}: expected one of ${[...TRUE, ...FALSE].join(', ')}`);
    return undefined;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const value = text(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) problems.push(`${name}: expected a whole number from ${min} to ${max}`);
    return n;
  };
  const port = int('PORT', 8080, 0, 65535);
  const host = text('HOST') ?? '127.0.0.1';
  const databaseUrl = text('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL: expected a postgres:// URL');
  const tokenSecret = text('SAMSPIL_TOKEN_SECRET');
  if (tokenSecret !== undefined && tokenSecret.length < 32) problems.push('SAMSPIL_TOKEN_SECRET: must be at least 32 characters');
  const schedulerIntervalMs = int('SAMSPIL_SCHEDULER_INTERVAL_MS', 60_000, 1_000, 86_400_000);
  const demo = bool('SAMSPIL_DEMO') ?? (databaseUrl === undefined && LOOPBACK.test(host));
  if (problems.length) throw new ConfigError(problems);
  return {
    port,
    host,
    databaseUrl,
    dataDir: text('SAMSPIL_DATA_DIR'),
    tokenSecret,
    corsOrigins: (text('SAMSPIL_CORS_ORIGINS') ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    schedulerIntervalMs,
    demo,
  };
}
