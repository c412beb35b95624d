import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { messages as pgMessages, parse as protocolResults, protocol, types as pgTypes, type Results } from '@electric-sql/pglite';
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
  if (dir === 'memory://') return pglite(await PGliteThread.start(undefined));
  mkdirSync(dir, { recursive: true });
  const release = lockDataDir(dir);
  try {
    return pglite(await PGliteThread.start(dir), release);
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

// The worker's own code: PGlite opened in the folder given (in memory without), then each
// message one exchange of PostgreSQL's protocol, answered with PostgreSQL's bytes (a large
// answer moved, a small one copied). Its array types are told at the start, so this thread parses results as PGlite would.
// Plain JavaScript as text, read as a script or a module alike: the same in the built service
// and in tests run from the sources.
const WORKER = `
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
(async () => {
  const { PGlite } = await import(workerData.module);
  let db;
  try {
    db = workerData.dir ? await PGlite.create(workerData.dir) : await PGlite.create();
  } catch (error) {
    parentPort.postMessage({ failed: { message: String(error && error.message || error), code: error && error.code } });
    return;
  }
  const arrays = (await db.query("SELECT b.oid, b.typarray FROM pg_catalog.pg_type a LEFT JOIN pg_catalog.pg_type b ON b.oid = a.typelem WHERE a.typcategory = 'A' GROUP BY b.oid, b.typarray ORDER BY b.oid")).rows;
  parentPort.postMessage({ ready: true, arrays });
  let queue = Promise.resolve();
  parentPort.on('message', (m) => {
    queue = queue.then(async () => {
      if (m.close) {
        await db.close();
        parentPort.postMessage({ id: m.id, bytes: null });
        return;
      }
      try {
        const out = db.execProtocolRawSync(m.bytes);
        if (m.sync) await db.syncToFs();
        // A large answer is moved; a small one copied (moving costs more than copying it).
        if (out.length < 65536) parentPort.postMessage({ id: m.id, bytes: out });
        else {
          const own = out.slice();
          parentPort.postMessage({ id: m.id, bytes: own }, [own.buffer]);
        }
      } catch (error) {
        parentPort.postMessage({ id: m.id, error: { message: String(error && error.message || error), code: error && error.code } });
      }
    });
  });
})();
`;

/**
 * PGlite in a worker thread of its own. PostgreSQL in WebAssembly runs synchronously: on the
 * thread that serves requests, each statement held every other request (a chat answer, a
 * health check, another tenant's call) for its whole length, and a long read (the leaders'
 * overview over 50,000 cases) for half a second. Here this thread builds each exchange and
 * parses its answer (PGlite's own protocol code), and the worker only runs it. The worker keeps
 * the process alive only while a statement is under way, as PGlite in this thread did.
 */
class PGliteThread {
  readonly parsers: typeof pgTypes.parsers = { ...pgTypes.parsers };
  readonly serializers: typeof pgTypes.serializers = { ...pgTypes.serializers };
  readonly #worker: Worker;
  readonly #waiting = new Map<number, { resolve: (bytes: Uint8Array) => void; reject: (error: Error) => void }>();
  #next = 0;
  #stopped: Error | undefined;

  private constructor(worker: Worker, arrays: { oid: number; typarray: number }[]) {
    this.#worker = worker;
    // As PGlite's _initArrayTypes does.
    for (const { oid, typarray } of arrays) {
      this.serializers[typarray] = (x) => pgTypes.arraySerializer(x, this.serializers[oid]!, typarray);
      this.parsers[typarray] = (x) => pgTypes.arrayParser(x, this.parsers[oid]!, typarray);
    }
    worker.on('message', (m: { id: number; bytes?: Uint8Array | null; error?: { message: string; code?: string } }) => {
      const waiting = this.#waiting.get(m.id);
      if (!waiting) return;
      this.#waiting.delete(m.id);
      if (this.#waiting.size === 0) worker.unref();
      if (m.error) waiting.reject(Object.assign(new Error(m.error.message), m.error.code ? { code: m.error.code } : {}));
      else waiting.resolve(m.bytes ?? new Uint8Array());
    });
    const stop = (error: Error) => {
      this.#stopped ??= error;
      for (const w of this.#waiting.values()) w.reject(this.#stopped);
      this.#waiting.clear();
    };
    worker.on('error', stop);
    worker.on('exit', () => stop(new Error('the embedded database (PGlite) has stopped')));
    worker.unref();
  }

  /** Opens PGlite in `dir` (in memory when undefined) in a new worker; its error thrown as PGlite threw it. */
  static async start(dir: string | undefined): Promise<PGliteThread> {
    const worker = new Worker(WORKER, { eval: true, workerData: { module: import.meta.resolve('@electric-sql/pglite'), dir } });
    const first = await new Promise<{ ready?: true; arrays?: { oid: number; typarray: number }[]; failed?: { message: string; code?: string } }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the embedded database (PGlite) stopped while opening (exit code ${code})`)));
    });
    if (first.failed) {
      await worker.terminate();
      throw Object.assign(new Error(first.failed.message), first.failed.code ? { code: first.failed.code } : {});
    }
    return new PGliteThread(worker, first.arrays ?? []);
  }

  /** One exchange: PostgreSQL's answer to `message`; `sync`: PGlite's files brought up to date before it answers. */
  exchange(message: Uint8Array, sync = false): Promise<Uint8Array> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    const id = ++this.#next;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#worker.ref();
      this.#worker.postMessage({ id, bytes: message, sync });
    });
  }

  /** Closes PGlite and ends the worker. */
  async close(): Promise<void> {
    if (!this.#stopped) {
      const id = ++this.#next;
      await new Promise<Uint8Array>((resolve, reject) => {
        this.#waiting.set(id, { resolve, reject });
        this.#worker.ref();
        this.#worker.postMessage({ id, close: true });
      });
    }
    await this.#worker.terminate();
  }
}

/**
 * PGlite's statements, prepared once each. PGlite's own `query` parses, analyses and plans
 * every statement again and talks to PostgreSQL in six exchanges; in WebAssembly that work was
 * most of a chat answer's time (a case read cost 2-5 ms where its prepared form costs under 1).
 * Here each statement's text is prepared under a name on first use (its parameters' types
 * described then, and serialised as PGlite serialises them), and each use is one exchange:
 * bind, describe, execute, sync. The most recently used 500 are kept; PostgreSQL itself
 * re-plans one when a table it reads changes.
 */
class PreparedStatements {
  readonly #db: PGliteThread;
  readonly #named = new Map<string, Promise<{ name: string; types: number[] }>>();
  #count = 0;

  constructor(db: PGliteThread) {
    this.#db = db;
  }

  /**
   * Runs one statement; data-changing and reading ones are kept prepared, others (DDL, BEGIN)
   * parsed each time. `sync`: PGlite's files brought up to date after it.
   */
  async query<T>(sql: string, params: unknown[], sync = false): Promise<Results<T>> {
    if (!KEEP.test(sql)) return this.#once<T>(sql, params, sync);
    let statement = this.#named.get(sql);
    if (statement) {
      // The most recently used last: the Map's order is the eviction order.
      this.#named.delete(sql);
      this.#named.set(sql, statement);
    } else {
      statement = this.#prepare(sql);
    }
    try {
      return await this.#execute<T>(sql, await statement, params, sync);
    } catch (error) {
      // A table a kept `SELECT *` reads changed its columns (a migration, a restore): prepared again, once.
      if ((error as { code?: string }).code !== '0A000' || !/cached plan/.test((error as Error).message)) throw error;
      await this.#forget(sql);
      return this.#execute<T>(sql, await this.#prepare(sql), params, sync);
    }
  }

  /** Kept as a promise at once: two callers of a new text at the same time share one preparation. */
  #prepare(sql: string): Promise<{ name: string; types: number[] }> {
    const name = `samspil_${++this.#count}`;
    const prepared = this.#exchange(sql, [], [serialize.parse({ name, text: sql }), serialize.describe({ type: 'S', name }), serialize.sync()]).then((described) => ({
      name,
      types: protocolResults.parseDescribeStatementResults(described),
    }));
    this.#named.set(sql, prepared);
    prepared.catch(() => this.#named.get(sql) === prepared && this.#named.delete(sql));
    if (this.#named.size > 500) void this.#forget(this.#named.keys().next().value!).catch(() => {});
    return prepared;
  }

  async #forget(sql: string): Promise<void> {
    const statement = this.#named.get(sql);
    if (!statement) return;
    this.#named.delete(sql);
    const { name } = await statement;
    await this.#exchange(sql, [], [serialize.close({ type: 'S', name }), serialize.sync()]);
  }

  async #execute<T>(sql: string, { name, types }: { name: string; types: number[] }, params: unknown[], sync: boolean): Promise<Results<T>> {
    const messages = await this.#exchange(sql, params, [serialize.bind({ statement: name, values: this.#values(params, types) }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()], sync);
    return protocolResults.parseResults(messages, this.#db.parsers)[0] as Results<T>;
  }

  /** A statement parsed, bound and run unnamed: its parameters' types described first when it has any. */
  async #once<T>(sql: string, params: unknown[], sync: boolean): Promise<Results<T>> {
    const types = params.length ? protocolResults.parseDescribeStatementResults(await this.#exchange(sql, params, [serialize.parse({ text: sql }), serialize.describe({ type: 'S' }), serialize.sync()])) : [];
    const messages = await this.#exchange(
      sql,
      params,
      [serialize.parse({ text: sql }), serialize.bind({ values: this.#values(params, types) }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()],
      sync,
    );
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

  /** One exchange with PostgreSQL; its first error thrown as PGlite throws it (with the query and parameters). */
  async #exchange(sql: string, params: unknown[], parts: Uint8Array[], sync = false): Promise<pgMessages.BackendMessage[]> {
    const message = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
    let at = 0;
    for (const part of parts) {
      message.set(part, at);
      at += part.length;
    }
    const messages: pgMessages.BackendMessage[] = [];
    new protocol.Parser().parse(await this.#db.exchange(message, sync), (m) => messages.push(m));
    const error = messages.find((m): m is pgMessages.DatabaseError => m instanceof pgMessages.DatabaseError);
    if (error) throw Object.assign(error, { query: sql, params });
    return messages;
  }
}

const { serialize } = protocol;
/** Statements worth keeping prepared: those that read and write rows. */
const KEEP = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i;

function pglite(db: PGliteThread, release: () => void = () => {}): Db {
  const statements = new PreparedStatements(db);
  const run = async <T>(sql: string, params: unknown[] = [], sync = false) => {
    const r = await statements.query<T>(sql, params, sync);
    return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
  };
  // PGlite has one connection, and its worker runs what it is sent in the order sent. A statement
  // is sent at once (it waits in the worker's queue, not on this thread's turns between two
  // statements: under load those turns, not PostgreSQL, were most of a statement's wait). A
  // transaction has the connection to itself: it starts once the statements sent before it are
  // done (one may take two exchanges, and the second must not land inside it), and statements that
  // come while one is queued or under way wait behind it, in order.
  let barrier: Promise<unknown> = Promise.resolve();
  let behind = 0; // transactions (or the close) queued or under way, and the statements waiting behind them
  const sent = new Set<Promise<unknown>>();
  let queued = 0;
  const counted = <T>(p: Promise<T>): Promise<T> => {
    queued++;
    p.then(
      () => queued--,
      () => queued--,
    );
    return p;
  };
  const statement = <T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> => {
    if (behind === 0) {
      const now = run<T>(sql, params, true);
      sent.add(now);
      const done = () => void sent.delete(now);
      now.then(done, done);
      return counted(now);
    }
    behind++;
    const later = barrier.then(() => run<T>(sql, params, true)).finally(() => behind--);
    barrier = later.catch(() => {});
    return counted(later);
  };
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    behind++;
    const own = barrier.then(() => Promise.allSettled([...sent])).then(fn).finally(() => behind--);
    barrier = own.catch(() => {});
    return counted(own);
  };
  // Inside a transaction, a nested `transaction` joins the outer one; its statements go in the
  // order they are called.
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
    query: (sql, params) => statement(sql, params) as never,
    transaction: (fn) =>
      exclusive(async () => {
        await run('BEGIN');
        let result;
        try {
          result = await fn(inTransaction);
        } catch (error) {
          await run('ROLLBACK');
          throw error;
        }
        // A statement that failed inside, its error caught: PostgreSQL rolls back instead, and says so.
        const { command } = await statements.query('COMMIT', [], true);
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
