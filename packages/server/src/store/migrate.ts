import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.js';

const MIGRATIONS = fileURLToPath(new URL('../../migrations/', import.meta.url));
/** An arbitrary constant: instances starting together take turns migrating. */
const LOCK = 7_351_022;

/** The migrations this code ships, in file-name order: read once (they do not change while it runs; /readyz asks often). */
let shipped: Promise<string[]> | undefined;
const migrationFiles = () => (shipped ??= readdir(MIGRATIONS).then((names) => names.filter((f) => /^\d+_.+\.sql$/.test(f)).sort()));

/** Applies the migrations not yet applied, in file-name order, each in its own transaction. Returns their names. */
export async function migrate(db: Db): Promise<string[]> {
  const files = await migrationFiles();
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK]);
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await tx.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
    for (const file of files) {
      if (done.has(file)) continue;
      const sql = await readFile(MIGRATIONS + file, 'utf8');
      for (const statement of splitStatements(sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
      applied.push(file);
    }
  });
  return applied;
}

/** The migrations this code has that the database has not applied (empty when current; all when it was never migrated). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const files = await migrationFiles();
  const { rows } = await db.query<{ name: string | null }>("SELECT to_regclass('schema_migrations')::text AS name");
  if (!rows[0]?.name) return files;
  const done = new Set((await db.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
  return files.filter((f) => !done.has(f));
}

/**
 * Plain SQL files hold several statements; `query` takes one (parameterised queries need that on
 * both drivers). A semicolon inside a dollar-quoted body (`$$ … $$`, a function's) does not end one.
 */
function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const part of sql.replace(/--[^\n]*/g, '').split(/(\$[A-Za-z_]*\$)/)) {
    if (/^\$[A-Za-z_]*\$$/.test(part)) {
      quote = quote === undefined ? part : quote === part ? undefined : quote;
      current += part;
    } else if (quote !== undefined) current += part;
    else {
      const pieces = part.split(';');
      current += pieces[0];
      for (const piece of pieces.slice(1)) {
        statements.push(current);
        current = piece;
      }
    }
  }
  statements.push(current);
  return statements.map((s) => s.trim()).filter(Boolean);
}
