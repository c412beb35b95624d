import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { messages as pgMessages, parse as protocolResults, PGlite, protocol, type Results } from '@electric-sql/pglite';
import pg from 'pg';
import { CodedError, ErrorCode } from '../errors.js';
import { POSTGRES_URL } from './location.js';

/** A database serial (bigserial) as a path or a button names it: a whole number PostgreSQL's bigint holds. */
export const isSerialId = (id: string): boolean => /^[1-9]\d{0,17}$/.test(id);

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/**
 * The one database interface: PostgreSQL through `pg` in production, PGlite
 * (PostgreSQL in WebAssembly, in-process) by default. Same SQL on both.
 */
export interface Db {
  readonly kind: 'postgres' | 'pglite';
  /**
   * `prepared`: a statement a chat answer waits on, run again and again (`status`'s read, the
   * delivery record). PostgreSQL keeps it prepared on each connection, parsed and planned once
   * (status's read: 1.6 -> 0.5 ms of the server's CPU, 4.4 -> 2.2 ms); PGlite prepares every
   * statement that reads or writes rows anyway. Only for statement texts that do not vary: each
   * text is kept on every connection for the connection's life.
   */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], options?: { prepared?: boolean }): Promise<QueryResult<T>>;
  /** The connections: how many, how many idle, how many callers wait for one (metrics). */
  usage?(): { size: number; idle: number; waiting: number };
  /** Runs `fn` in one transaction; it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DbOptions {
  /** `postgres://…`: use that server. Otherwise PGlite in `dataDir` (in memory when `memory://`). */
  url?: string | undefined;
  dataDir?: string | undefined;
  /** PostgreSQL connections, opened at the start and kept (by default twice the cores and one). */
  poolSize?: number | undefined;
  /** Where an idle connection's failure is told (the server restarting). */
  log?: { warn(obj: object, msg: string): void };
}

/** Opens PostgreSQL at `url`, else PGlite in `dataDir` (the caller's; in memory by default). */
export async function openDb(options: DbOptions = {}): Promise<Db> {
  const url = options.url;
  // More connections than the machine runs at once only queue inside PostgreSQL (measured: 20 on
  // 2 cores doubled p99 against 5); twice the cores and one is the usual rule.
  if (url && POSTGRES_URL.test(url)) return postgres(url, options.poolSize ?? 2 * availableParallelism() + 1, options.log);
  const dir = options.dataDir ?? 'memory://';
  if (dir === 'memory://') return pglite(await PGlite.create());
  mkdirSync(dir, { recursive: true });
  const release = lockDataDir(dir);
  try {
    return pglite(await PGlite.create(dir), release);
  } catch (error) {
    release();
    throw error;
  }
}

// PGlite keeps no lock of its own: two processes on one data folder (a service and a restore)
// would corrupt it. So whoever opens the folder holds `<folder>.lock`, naming its pid. A lock
// whose process is gone is taken over; one naming this very pid but not held here is left from
// an earlier life of a process that got the same pid (a container restarted as pid 1).
const held = new Set<string>();

/** Takes the data folder's lock, or throws (code invalid-usage) naming the process that holds it. Returns its release. */
export function lockDataDir(dir: string): () => void {
  const path = `${resolve(dir)}.lock`;
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 1; ; attempt++) {
    const holder = held.has(path) ? process.pid : takeLock(path);
    if (holder === undefined) break;
    if (holder !== 'stale' || attempt === 3) {
      const by = holder === 'stale' ? '' : ` by process ${holder}`;
      throw new CodedError(ErrorCode.InvalidUsage, `the data folder ${dir} is in use${by} (${path}); stop it first`);
    }
    rmSync(path, { force: true });
  }
  held.add(path);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held.delete(path);
    if (lockHolder(path) === process.pid) rmSync(path, { force: true });
  };
}

/** Takes the lock (undefined), or says who holds it: a live pid, or 'stale'. */
function takeLock(path: string): number | 'stale' | undefined {
  if (createLock(path)) return undefined;
  const pid = lockHolder(path);
  if (pid === undefined || pid === process.pid) return 'stale';
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : 'stale';
  }
}

/**
 * Creates the lock file with this pid in it; false when it exists. Written aside and linked
 * into place, so it never exists without its pid (created in place where the file system has
 * no hard links).
 */
function createLock(path: string): boolean {
  const aside = `${path}.${process.pid}`;
  writeFileSync(aside, `${process.pid}\n`);
  try {
    linkSync(aside, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
  } finally {
    rmSync(aside, { force: true });
  }
  try {
    writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function lockHolder(path: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

/** Whether the database answers. */
export async function ping(db: Db): Promise<void> {
  await db.query('SELECT 1');
}

/** Creates (or drops) a database on the server `adminUrl` connects to: for tests and benchmarks, which each take a fresh one. */
export async function createDatabase(adminUrl: string, name: string): Promise<void> {
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`));
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`));
}

async function admin(url: string, fn: (c: pg.Client) => Promise<unknown>): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await fn(c);
  } finally {
    await c.end();
  }
}

/** One turn of the event loop. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * PGlite's statements, prepared once each. PGlite's own `query` parses, analyses and plans
 * every statement again and talks to PostgreSQL in six exchanges; in WebAssembly, on the one
 * thread that also serves every request, that work was most of a chat answer's time (a case
 * read cost 2-5 ms where its prepared form costs under 1). Here each statement's text is
 * prepared under a name on first use (its parameters' types described then, and serialised
 * as PGlite serialises them), and each use is one exchange: bind, describe, execute, sync.
 * The exchange is synchronous, so nothing else runs between its messages. The most recently
 * used 500 are kept; PostgreSQL itself re-plans one when a table it reads changes.
 */
class PreparedStatements {
  readonly #db: PGlite;
  readonly #named = new Map<string, { name: string; types: number[] }>();
  #count = 0;

  constructor(db: PGlite) {
    this.#db = db;
  }

  /** Runs one statement; data-changing and reading ones are kept prepared, others (DDL, BEGIN) parsed each time. */
  query<T>(sql: string, params: unknown[]): Results<T> {
    if (!KEEP.test(sql)) return this.#once<T>(sql, params);
    let statement = this.#named.get(sql);
    if (statement) {
      // The most recently used last: the Map's order is the eviction order.
      this.#named.delete(sql);
      this.#named.set(sql, statement);
    } else {
      statement = this.#prepare(sql);
    }
    try {
      return this.#execute<T>(sql, statement, params);
    } catch (error) {
      // A table a kept `SELECT *` reads changed its columns (a migration, a restore): prepared again, once.
      if ((error as { code?: string }).code !== '0A000' || !/cached plan/.test((error as Error).message)) throw error;
      this.#forget(sql);
      return this.#execute<T>(sql, this.#prepare(sql), params);
    }
  }

  #prepare(sql: string): { name: string; types: number[] } {
    const name = `samspil_${++this.#count}`;
    const described = this.#exchange(sql, [], [serialize.parse({ name, text: sql }), serialize.describe({ type: 'S', name }), serialize.sync()]);
    const statement = { name, types: protocolResults.parseDescribeStatementResults(described) };
    this.#named.set(sql, statement);
    if (this.#named.size > 500) this.#forget(this.#named.keys().next().value!);
    return statement;
  }

  #forget(sql: string): void {
    const statement = this.#named.get(sql);
    if (!statement) return;
    this.#named.delete(sql);
    this.#exchange(sql, [], [serialize.close({ type: 'S', name: statement.name }), serialize.sync()]);
  }

  #execute<T>(sql: string, { name, types }: { name: string; types: number[] }, params: unknown[]): Results<T> {
    const messages = this.#exchange(sql, params, [serialize.bind({ statement: name, values: this.#values(params, types) }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]);
    return protocolResults.parseResults(messages, this.#db.parsers)[0] as Results<T>;
  }

  /** A statement parsed, bound and run unnamed: its parameters' types described first when it has any. */
  #once<T>(sql: string, params: unknown[]): Results<T> {
    const types = params.length ? protocolResults.parseDescribeStatementResults(this.#exchange(sql, params, [serialize.parse({ text: sql }), serialize.describe({ type: 'S' }), serialize.sync()])) : [];
    const messages = this.#exchange(sql, params, [
      serialize.parse({ text: sql }),
      serialize.bind({ values: this.#values(params, types) }),
      serialize.describe({ type: 'P' }),
      serialize.execute({}),
      serialize.sync(),
    ]);
    return protocolResults.parseResults(messages, this.#db.parsers)[0] as Results<T>;
  }

  /** Parameters as PGlite's `query` serialises them: by the described type, else as text. */
  #values(params: unknown[], types: number[]): (string | null)[] {
    return params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = this.#db.serializers[types[i]!];
      return serializer ? serializer(value) : String(value);
    });
  }

  /** One synchronous exchange with PostgreSQL; its first error thrown as PGlite throws it (with the query and parameters). */
  #exchange(sql: string, params: unknown[], parts: Uint8Array[]): pgMessages.BackendMessage[] {
    const message = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
    let at = 0;
    for (const part of parts) {
      message.set(part, at);
      at += part.length;
    }
    const messages: pgMessages.BackendMessage[] = [];
    new protocol.Parser().parse(this.#db.execProtocolRawSync(message), (m) => messages.push(m));
    const error = messages.find((m): m is pgMessages.DatabaseError => m instanceof pgMessages.DatabaseError);
    if (error) throw Object.assign(error, { query: sql, params });
    return messages;
  }
}

const { serialize } = protocol;
/** Statements worth keeping prepared: those that read and write rows. */
const KEEP = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i;

function pglite(db: PGlite, release: () => void = () => {}): Db {
  const statements = new PreparedStatements(db);
  const run = <T>(sql: string, params: unknown[] = []) => {
    const r = statements.query<T>(sql, params);
    return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
  };
  // PGlite runs in this thread, and runs its queue of statements back to back without
  // letting go. So statements (and whole transactions) go in one at a time, with a turn of
  // the event loop whenever the database has held it for 2 ms: a chat acknowledgement or a
  // health check then waits for a statement or two, not for every statement already queued.
  // PGlite ran them one at a time anyway.
  let tail: Promise<unknown> = Promise.resolve();
  let since = performance.now();
  const breathe = async () => {
    if (performance.now() - since < 2) return;
    await turn();
    since = performance.now();
  };
  let queued = 0;
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    queued++;
    const run = tail.then(breathe).then(fn).finally(() => queued--);
    tail = run.catch(() => {});
    return run;
  };
  // Inside a transaction, a nested `transaction` joins the outer one. Its statements run at
  // once (each is synchronous), in the order they are called.
  const inTransaction: Db = {
    kind: 'pglite',
    query: async (sql, params) => run(sql, params),
    transaction: (fn) => fn(inTransaction),
    close: async () => {},
  };
  return {
    kind: 'pglite',
    // One connection, the statements queued for it.
    usage: () => ({ size: 1, idle: queued === 0 ? 1 : 0, waiting: Math.max(0, queued - 1) }),
    query: (sql, params) =>
      exclusive(async () => {
        const r = run(sql, params);
        await db.syncToFs();
        return r as never;
      }),
    transaction: (fn) =>
      exclusive(async () => {
        run('BEGIN');
        let result;
        try {
          result = await fn(inTransaction);
        } catch (error) {
          run('ROLLBACK');
          throw error;
        }
        // A statement that failed inside, its error caught: PostgreSQL rolls back instead, and says so.
        const { command } = statements.query('COMMIT', []);
        await db.syncToFs();
        if (command === 'ROLLBACK') throw Object.assign(new Error('Transaction was rolled back instead of committed'), { code: '25P02' });
        return result;
      }),
    close: () => exclusive(() => db.close()).finally(release),
  };
}

async function postgres(url: string, size: number, log: DbOptions['log']): Promise<Db> {
  // The connections are opened at the start and kept: opening one costs a request 5-100 ms,
  // which the first requests after a start (or after an idle spell) would otherwise wait.
  const pool = new pg.Pool({ connectionString: url, max: size, min: size });
  // An idle client's error (the server restarting) must not crash the process.
  pool.on('error', (error) => log?.warn({ code: (error as { code?: string }).code }, 'database pool: an idle connection failed'));
  const opened = await Promise.all(Array.from({ length: size }, () => pool.connect()));
  for (const client of opened) client.release();
  // A prepared statement's name per text; a new name when a table it reads changed its columns
  // (a migration by another instance): PostgreSQL then refuses the kept plan, and the statement
  // runs unprepared once.
  const names = new Map<string, string>();
  let named = 0;
  const query =
    (client: pg.Pool | pg.PoolClient): Db['query'] =>
    async <T>(sql: string, params: unknown[] = [], options?: { prepared?: boolean }) => {
      let name = options?.prepared ? names.get(sql) : undefined;
      if (options?.prepared && !name) names.set(sql, (name = `samspil_${++named}`));
      let r: pg.QueryResult;
      try {
        r = name ? await client.query({ name, text: sql, values: params }) : await client.query(sql, params);
      } catch (error) {
        if (!name || (error as { code?: string }).code !== '0A000') throw error;
        names.delete(sql);
        r = await client.query(sql, params);
      }
      return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
    };
  return {
    kind: 'postgres',
    usage: () => ({ size: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    query: query(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx: Db = { kind: 'postgres', query: query(client), transaction: (inner) => inner(tx), close: async () => {} };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
