// Issue 27: `samspil rc departments`, run as a real process (bin/samspil.mjs) against a PGlite data
// folder and a fresh PostgreSQL database: a CSV survey's groups shown, mapped, refused, and the
// mapping audited.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDb, type Db } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { upsertDepartment } from '../src/store/organisation.js';
import { saveSurvey } from '../src/store/surveys.js';
import { createTenant } from '../src/store/tenants.js';
import { createTestDatabase, postgresReachable } from '../src/testing.js';

const bin = fileURLToPath(new URL('../bin/samspil.mjs', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'samspil-insights-'));
const samspil = (args: string[], env: NodeJS.ProcessEnv) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: tmp, env: { ...process.env, ...env } });

const result = { groups: ['Jobcentret', 'Familie'], ties: [], overall: null, asymmetries: [], ratings: { total: 0, counted: 0, excluded: 0 } };

const targets: { kind: string; make: () => Promise<{ env: NodeJS.ProcessEnv; open: () => Promise<Db>; drop: () => Promise<void> }> }[] = [
  { kind: 'pglite', make: async () => { const dataDir = join(tmp, 'data'); return { env: { DATABASE_URL: '', SAMSPIL_DATA_DIR: dataDir }, open: () => openDb({ dataDir }), drop: async () => {} }; } },
];
if (await postgresReachable()) {
  targets.push({ kind: 'postgres', make: async () => { const database = await createTestDatabase('samspil_insights_cli'); return { env: { DATABASE_URL: database.url, SAMSPIL_DATA_DIR: join(tmp, 'never') }, open: () => openDb({ url: database.url, poolSize: 1 }), drop: database.drop }; } });
}

describe.each(targets)('samspil rc departments on $kind', ({ make }) => {
  it("shows a survey's groups, maps them to departments, refuses what does not exist, and audits the change", async () => {
    const { env, open, drop } = await make();
    let db = await open();
    await migrate(db);
    await createTenant(db, { id: 'vejle', name: 'Vejle' });
    await upsertDepartment(db, 'vejle', { id: 'job', name: 'Jobcentret', kind: 'jobcentre' });
    await upsertDepartment(db, 'vejle', { id: 'fam', name: 'Familie', kind: 'family' });
    const survey = (await saveSurvey(db, 'vejle', 'RC Vejle', { waves: [], ratings: 0, results: [{ wave: '', result }] })).id;
    await db.close();
    try {
      const shown = samspil(['rc', 'departments', survey, '--tenant', 'vejle'], env);
      expect(shown.status, shown.stderr).toBe(0);
      expect(shown.stdout).toBe(`RC Vejle (survey ${survey})\n  Jobcentret: (left out)\n  Familie: (left out)\n`);
      const set = samspil(['rc', 'departments', survey, '--tenant', 'vejle', '--map', 'Jobcentret=job', '--map', 'Familie=fam', '--json'], env);
      expect(set.status, set.stderr).toBe(0);
      expect(JSON.parse(set.stdout).groups).toEqual([
        { group: 'Jobcentret', department: 'job', source: 'mapping' },
        { group: 'Familie', department: 'fam', source: 'mapping' },
      ]);
      const wrong = samspil(['rc', 'departments', survey, '--tenant', 'vejle', '--map', 'Familie=nope'], env);
      expect(wrong.status).toBe(2);
      expect(wrong.stderr).toContain('--map Familie=nope: no department "nope"');
      expect(samspil(['rc', 'departments', survey, '--tenant', 'vejle', '--map', 'Familie'], env).status).toBe(2);
      expect(samspil(['rc', 'departments', '99999', '--tenant', 'vejle'], env).stderr).toContain('no survey 99999');
      expect(samspil(['rc', 'departments', '--help'], env).stdout).toContain('samspil rc departments SURVEY --tenant ID');
      db = await open();
      const audited = await db.query<{ actor_kind: string; action: string }>("SELECT actor_kind, action FROM audit_log WHERE tenant_id = 'vejle' AND action LIKE 'rc-survey.departments%' ORDER BY id");
      expect(audited.rows.map((r) => r.action)).toEqual(['rc-survey.departments.read', 'rc-survey.departments.write']);
      await db.close();
    } finally {
      await drop();
    }
  }, 300_000);
});
