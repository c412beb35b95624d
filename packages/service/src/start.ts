// What the composition root does around the start: the chat workspaces of the environment
// linked only to a municipality that exists, and a failed start said in one line.
import { CodedError, DEMO_TENANT, ErrorCode, errorCode, getTenant, type ChatAdapterFactory } from '@samspil/server';
import type { ServiceConfig } from './config.js';

/**
 * A chat adapter whose one workspace (the environment's) is linked at start to the tenant
 * `variable` names, which must exist; without it, to the demo's when the demo is on and was
 * loaded (a store that had tenants before has none), else to none.
 */
export function linkedAtStart<C extends { tenant?: string | undefined }>(adapter: (config: C) => ChatAdapterFactory, config: C, variable: string, demo: boolean): ChatAdapterFactory {
  return async (context) => {
    const named = config.tenant;
    if (named !== undefined && !(await getTenant(context.db, named)))
      throw new CodedError(ErrorCode.InvalidUsage, `${variable} names tenant "${named}", which does not exist: create it first (samspil tenant create ${named} --name NAME), or name another`);
    const tenant = named ?? (demo && (await getTenant(context.db, DEMO_TENANT)) ? DEMO_TENANT : undefined);
    return adapter({ ...config, tenant })(context);
  };
}

const NETWORK = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET'];

/** A failed start as one line, what is wrong and what to do, and the exit status: 2 refused as configured, 1 otherwise. */
export function startFailure(error: unknown, config: ServiceConfig): { message: string; status: number } {
  const e = (error ?? {}) as Error & { code?: string; address?: string; port?: number; errors?: { code?: string; address?: string; port?: number }[] };
  // Node's connection errors come as an AggregateError (one per address tried) without a message.
  const cause = e.errors?.[0] ?? e;
  const code = e.code ?? cause.code;
  const text = (e.message || String(error)).replace(/\s+/g, ' ').trim();
  if (errorCode(error) === ErrorCode.InvalidUsage) return { message: text, status: 2 };
  if (code === 'EADDRINUSE') return { message: `${config.host}:${config.port} is in use by another process: stop it, or set PORT (or HOST) to another`, status: 1 };
  if (code === 'EACCES' && e.message.includes('listen')) return { message: `may not listen on ${config.host}:${config.port}: set PORT to one above 1023`, status: 1 };
  if (code !== undefined && NETWORK.includes(code) && config.databaseUrl) {
    const at = cause.address ? ` at ${cause.address}${cause.port ? `:${cause.port}` : ''}` : '';
    return { message: `the database${at} cannot be reached (${code}): start PostgreSQL, or correct DATABASE_URL`, status: 1 };
  }
  // PostgreSQL's own refusals of the connection: the role, its password, the database.
  if (code === '28P01' || code === '28000' || code === '3D000') return { message: `PostgreSQL refused the connection: ${text}; correct DATABASE_URL (or create the database: createdb)`, status: 1 };
  return { message: `${text}${code ? ` (${code})` : ''}; SAMSPIL_LOG_LEVEL=debug prints the details`, status: 1 };
}
