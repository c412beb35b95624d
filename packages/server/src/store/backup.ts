// Backup and restore of the embedded database (PGlite): its whole data folder as PGlite
// dumps it (a tar.gz), taken and put back under the folder's lock, so no service writes
// meanwhile. PostgreSQL has pg_dump and pg_restore for this.
import { existsSync, openAsBlob, readdirSync, renameSync, rmSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { CodedError, ErrorCode } from '../errors.js';
import { lockDataDir } from './db.js';

const usage = (message: string) => new CodedError(ErrorCode.InvalidUsage, message);

/** Whether a folder holds a PostgreSQL data folder (PGlite's is one). */
const isDatabase = (dir: string) => existsSync(join(dir, 'PG_VERSION'));

/** Writes the data folder's dump to `file` (refused when it exists, unless `overwrite`). Returns its size. */
export async function backupDataDir(dataDir: string, file: string, options: { overwrite?: boolean } = {}): Promise<{ bytes: number }> {
  if (!isDatabase(dataDir)) throw usage(`there is no database in ${dataDir}`);
  if (!options.overwrite && existsSync(file)) throw usage(`${file} exists already; choose another name, or --force to overwrite it`);
  const release = lockDataDir(dataDir);
  try {
    const db = await PGlite.create(dataDir);
    let dump: Blob;
    try {
      dump = await db.dumpDataDir('gzip');
    } finally {
      await db.close();
    }
    // Written aside and renamed, so a failed backup never leaves half a file under the name.
    const partial = `${file}.partial-${process.pid}`;
    try {
      await writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
      await rename(partial, file);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    return { bytes: dump.size };
  } finally {
    release();
  }
}

/**
 * Makes the data folder the database in the backup `file`. Refused when the folder holds a
 * database (unless `replace`) or other files. The backup is unpacked and checked beside the
 * folder first, so a bad file leaves the folder as it was.
 */
export async function restoreDataDir(file: string, dataDir: string, options: { replace?: boolean } = {}): Promise<{ replaced: boolean }> {
  const backup = await openAsBlob(file);
  const release = lockDataDir(dataDir);
  const staging = `${resolve(dataDir)}.restoring`;
  try {
    const occupied = existsSync(dataDir) && readdirSync(dataDir).length > 0;
    if (occupied && !isDatabase(dataDir)) throw usage(`${dataDir} holds files that are not a database; restore into an empty or new folder`);
    if (occupied && !options.replace) throw usage(`${dataDir} holds a database already; --force replaces it`);
    rmSync(staging, { recursive: true, force: true });
    let db: PGlite;
    try {
      db = await PGlite.create(staging, { loadDataDir: backup });
    } catch {
      throw usage(`${file} is not a backup of the embedded database (samspil backup makes one)`);
    }
    try {
      const { rows } = await db.query<{ ours: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS ours");
      if (!rows[0]?.ours) throw usage(`${file} holds a database, but not Samspil's`);
    } finally {
      await db.close();
    }
    const replaced = `${resolve(dataDir)}.replaced`;
    rmSync(replaced, { recursive: true, force: true });
    if (existsSync(dataDir)) renameSync(dataDir, replaced);
    renameSync(staging, dataDir);
    rmSync(replaced, { recursive: true, force: true });
    return { replaced: occupied };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    release();
  }
}
