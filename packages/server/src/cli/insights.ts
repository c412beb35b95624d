// The leaders' overview at the terminal (issue 27): which department each of an RC survey's groups
// stands for, so the overview can put RC beside the stalls per pair of departments. The same use
// case as GET/PUT /api/v1/rc-surveys/:id/departments, as the operator under the tenant.
import { json, print, refusal, UsageError, type Command, type Environment } from './command.js';
import { database } from './operator.js';

const DB_HELP = 'The database: DATABASE_URL (PostgreSQL), else the embedded PGlite data folder (SAMSPIL_DATA_DIR).';

async function withDeps<T>(env: Environment, fn: (deps: import('../usecases/outcome.js').UseCaseDeps) => Promise<T>): Promise<T> {
  const [{ openDb }, { migrate }, { AccessPolicy }] = await Promise.all([import('../store/db.js'), import('../store/migrate.js'), import('../access.js')]);
  const db = await openDb({ ...database(env), poolSize: 1 });
  try {
    await migrate(db);
    return await fn({ db, now: () => new Date(), policy: new AccessPolicy(db) });
  } finally {
    await db.close();
  }
}

export const insightsCommands: Record<string, Command> = {
  'rc departments': {
    summary: "show or set which department each of an RC survey's groups stands for (the overview's department pairs)",
    usage: 'samspil rc departments SURVEY --tenant ID [--map GROUP=DEPARTMENT ...] [--json]',
    help: `Shows the groups of a stored RC survey (its last wave) and the department each stands for; with --map, replaces the survey's mapping first. A measurement wave's groups named as a department or a team need none; a CSV survey's group without a mapping is left out of the leaders' overview's department pairs. The API does the same: GET/PUT /api/v1/rc-surveys/SURVEY/departments.\n\n  --tenant ID              the tenant\n  --map GROUP=DEPARTMENT   a group and the department id it stands for (repeatable; the last = splits)\n  --json                   print {"survey", "groups"} as JSON\n\n${DB_HELP}`,
    options: { json, tenant: { type: 'string' }, map: { type: 'string', multiple: true } },
    args: ['SURVEY'],
    async run([survey], values, env) {
      const tenant = typeof values.tenant === 'string' ? values.tenant : undefined;
      if (!tenant) throw new UsageError('--tenant is required');
      const maps = (values.map as string[] | undefined) ?? [];
      const mapping = maps.map((m) => {
        const at = m.lastIndexOf('=');
        if (at <= 0 || at === m.length - 1) throw new UsageError(`--map: ${JSON.stringify(m)} is not GROUP=DEPARTMENT`);
        return { group: m.slice(0, at).trim(), department: m.slice(at + 1).trim() };
      });
      const { groupDepartments, mapGroupDepartments } = await import('../usecases/insights.js');
      const actor = { tenant, kind: 'operator' as const, id: 'cli' };
      const r = await withDeps(env, (deps) => (mapping.length ? mapGroupDepartments(deps, actor, survey!, mapping) : groupDepartments(deps, actor, survey!)));
      if (!r.ok) {
        if (r.reason === 'not-found') throw refusal(`SURVEY: no survey ${survey} in tenant ${tenant}`);
        const i = Number(/^groups\[(\d+)\]/.exec(r.field ?? '')?.[1] ?? -1);
        throw refusal(`--map ${i >= 0 ? maps[i] : ''}: ${r.detail}`.replace('--map : ', ''));
      }
      if (values.json) print(JSON.stringify({ survey: r.survey, groups: r.groups }));
      else
        print(
          [`${r.survey.name} (survey ${r.survey.id})`, ...r.groups.map((g) => `  ${g.group}: ${g.department ?? '(left out)'}${g.source === 'name' ? ' (by name)' : ''}`)].join('\n'),
        );
      return 0;
    },
  },
};
