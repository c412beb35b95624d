import { parseArgs } from 'node:util';
import {
  BusinessCalendar,
  CaseSnapshot,
  checkMatrix,
  IsoDateTime,
  checkPlan,
  compareRc,
  evaluateStall,
  problemColumn,
  Plan,
  ResponsibilityMatrix,
  scoreRc,
  StallRules,
  validate,
  type Finding,
  type RcOptions,
  type RcSurvey,
} from '@samspil/core';
import * as z from 'zod/mini';
import { errorCode, ErrorCode } from '../errors.js';
import { intFlag, json, print, UsageError, type Command, type Environment } from './command.js';
import { InputError, readJsonFile, readSurveyFile } from './input.js';
import { DEFAULT_DATA_DIR } from '../store/location.js';
import { database, operatorCommands } from './operator.js';
import { insightsCommands } from './insights.js';
import { formatFindings, formatRcComparison, formatRcResult, formatStall } from './text.js';

export type { Environment } from './command.js';

const rcOptions = {
  json,
  'min-items': { type: 'string' },
  'min-respondents': { type: 'string' },
  asymmetry: { type: 'string' },
  between: { type: 'string' },
  within: { type: 'string' },
} as const;

const RC_FLAGS_HELP = `  --min-items M          a rating counts when at least M of its 7 items are present (default 7)
  --min-respondents K    suppress ties rated by fewer than K respondents (default 3)
  --asymmetry G          list pairs whose scores differ by at least G (default 0.5)
  --between LOW,HIGH     bands between groups: Low (weak) below LOW, High (strong) above HIGH (default 3.5,4.0)
  --within LOW,HIGH      bands within a group (default 4.0,4.5)
  --json                 print the result as JSON (the format in the README)`;

const commands: Record<string, Command> = {
  migrate: {
    summary: `apply the database migrations (DATABASE_URL, else PGlite in SAMSPIL_DATA_DIR or ${DEFAULT_DATA_DIR})`,
    usage: 'samspil migrate',
    help: 'Applies the SQL migrations not yet applied to the database the service uses: PostgreSQL when DATABASE_URL is set, else the embedded PGlite data folder.',
    options: {},
    args: [],
    async run(_args, _values, env) {
      // Loaded here: the database drivers (PGlite above all) cost the other commands a fifth of a second at start.
      const [{ openDb }, { migrate }] = await Promise.all([import('../store/db.js'), import('../store/migrate.js')]);
      const db = await openDb({ ...database(env), poolSize: 1 });
      try {
        const applied = await migrate(db);
        print(applied.length ? `applied ${applied.join(', ')} (${db.kind})` : `up to date (${db.kind})`);
      } finally {
        await db.close();
      }
      return 0;
    },
  },
  'rc score': {
    summary: 'score a relational-coordination survey (CSV)',
    usage: 'samspil rc score FILE [--wave W] [options] [--json]',
    help: `Scores a relational-coordination survey: one tie per rating group and rated group.\n\n  --wave W               score one wave of a survey with a wave column\n${RC_FLAGS_HELP}`,
    options: { ...rcOptions, wave: { type: 'string' } },
    async run([file], values) {
      const survey = await loadSurvey(file!);
      const options = rcFlags(values);
      if (typeof values.wave === 'string') {
        requireWave(survey, values.wave, '--wave');
        options.wave = values.wave;
      }
      const result = scoreRc(survey.table, options);
      print(values.json ? JSON.stringify(result) : formatRcResult(result));
      return 0;
    },
  },
  'rc compare': {
    summary: 'compare two waves of a survey',
    usage: 'samspil rc compare FILE --from W1 --to W2 [options] [--json]',
    help: `Compares two waves of a survey with a wave column: per tie and overall, the change (to minus from).\n\n  --from W1              the earlier wave\n  --to W2                the later wave\n${RC_FLAGS_HELP}`,
    options: { ...rcOptions, from: { type: 'string' }, to: { type: 'string' } },
    async run([file], values) {
      if (typeof values.from !== 'string' || typeof values.to !== 'string') throw new UsageError('--from and --to are required');
      const survey = await loadSurvey(file!);
      requireWave(survey, values.from, '--from');
      requireWave(survey, values.to, '--to');
      const result = compareRc(survey.table, values.from, values.to, rcFlags(values));
      print(values.json ? JSON.stringify(result) : formatRcComparison(result));
      return 0;
    },
  },
  'plan check': {
    summary: 'check a shared plan (JSON)',
    usage: 'samspil plan check FILE [--json]',
    help: 'Validates a plan against the Plan schema and runs the plan checks.\nExit status: 0 no errors, 1 the checks found errors, 2 the file is invalid.\n\n  --json                 print {"findings": [...]}',
    options: { json },
    async run([file], values) {
      const plan = await readJsonFile(file!, Plan);
      return report(checkPlan(plan), values.json === true);
    },
  },
  'matrix check': {
    summary: 'check a responsibility matrix (JSON)',
    usage: 'samspil matrix check FILE [--accountable-limit N] [--json]',
    help: 'Validates a collaboration agreement against the ResponsibilityMatrix schema and analyses it.\nExit status: 0 no errors, 1 the checks found errors, 2 the file is invalid.\n\n  --accountable-limit N  a person may be accountable on at most N rows (default 5)\n  --json                 print {"findings": [...]}',
    options: { json, 'accountable-limit': { type: 'string' } },
    async run([file], values) {
      const matrix = await readJsonFile(file!, ResponsibilityMatrix);
      const limit = values['accountable-limit'];
      const accountableLimit = limit === undefined ? undefined : intFlag('--accountable-limit', limit, 1);
      return report(checkMatrix(matrix, accountableLimit === undefined ? {} : { accountableLimit }), values.json === true);
    },
  },
  'stall check': {
    summary: 'evaluate the stall rules for case snapshots (JSON array)',
    usage: 'samspil stall check FILE [--now TIME] [--inactivity-days N] [--decision-days N] [--closing-day DATE ...] [--json]',
    help: `Evaluates the stall rules for an array of case snapshots: per case reference, every reason it is stalled and when it started.\n\n  --now TIME             the time to evaluate at, ISO 8601 with offset (default: now)\n  --inactivity-days N    no activity for N business days (default 10)\n  --decision-days N      a decision awaited longer than N business days (default 10)\n  --closing-day DATE     a municipal closing day, YYYY-MM-DD (repeatable)\n  --json                 print {"now", "cases": [{"reference", "stalled", "reasons"}]}`,
    options: {
      json,
      now: { type: 'string' },
      'inactivity-days': { type: 'string' },
      'decision-days': { type: 'string' },
      'closing-day': { type: 'string', multiple: true },
    },
    async run([file], values) {
      const nowText = typeof values.now === 'string' ? values.now : new Date().toISOString();
      if (!validate(IsoDateTime, nowText).ok)
        throw new UsageError(`--now: ${JSON.stringify(nowText)} is not an ISO 8601 time with an offset (e.g. 2026-11-23T09:00:00+01:00)`);
      const rules = validate(StallRules, {
        ...(values['inactivity-days'] !== undefined && { inactivityBusinessDays: intFlag('--inactivity-days', values['inactivity-days'], 1) }),
        ...(values['decision-days'] !== undefined && { decisionBusinessDays: intFlag('--decision-days', values['decision-days'], 1) }),
        closingDays: values['closing-day'] ?? [],
      });
      if (!rules.ok) throw new UsageError(`--closing-day: ${rules.issues[0]?.message ?? 'invalid'}`);
      const snapshots = await readJsonFile(file!, z.array(CaseSnapshot));
      const calendar = new BusinessCalendar(rules.value.closingDays);
      const now = new Date(Date.parse(nowText)).toISOString();
      const cases = snapshots.map((s) => {
        const reasons = evaluateStall(s, now, rules.value, calendar);
        return { reference: s.case.reference, stalled: reasons.length > 0, reasons };
      });
      print(values.json ? JSON.stringify({ now, cases }) : formatStall(now, cases));
      return 0;
    },
  },
  ...operatorCommands,
  ...insightsCommands,
};

function report(findings: Finding[], asJson: boolean): number {
  print(asJson ? JSON.stringify({ findings }) : formatFindings(findings));
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

async function loadSurvey(file: string): Promise<RcSurvey> {
  const survey = await readSurveyFile(file);
  const first = survey.problems[0];
  if (first) {
    throw new InputError(file, first.line, problemColumn(first), first.message, survey.problemCount);
  }
  return survey;
}

function requireWave(survey: RcSurvey, wave: string, flag: string): void {
  if (!survey.hasWaves) throw new UsageError(`${flag}: the survey has no wave column`);
  if (!survey.table.waves.includes(wave))
    throw new UsageError(`${flag}: no wave ${JSON.stringify(wave)} in the survey (it has ${survey.table.waves.map((w) => JSON.stringify(w)).join(', ')})`);
}

function numberFlag(flag: string, value: unknown): number {
  const n = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`${flag}: ${JSON.stringify(value)} is not a number ≥ 0`);
  return n;
}

function bandFlag(flag: string, value: unknown): { moderate: number; strong: number } {
  const parts = typeof value === 'string' ? value.split(',') : [];
  const [moderate, strong] = parts.map((p) => Number(p));
  if (parts.length !== 2 || !(moderate! >= 1 && moderate! <= 5 && strong! >= moderate! && strong! <= 5))
    throw new UsageError(`${flag}: ${JSON.stringify(value)} must be LOW,HIGH with 1 ≤ LOW ≤ HIGH ≤ 5`);
  return { moderate: moderate!, strong: strong! };
}

function rcFlags(values: Record<string, unknown>): RcOptions {
  const options: RcOptions = {};
  if (values['min-items'] !== undefined) options.minItems = intFlag('--min-items', values['min-items'], 1, 7);
  if (values['min-respondents'] !== undefined) options.minRespondents = intFlag('--min-respondents', values['min-respondents'], 1);
  if (values.asymmetry !== undefined) options.asymmetry = numberFlag('--asymmetry', values.asymmetry);
  if (values.between !== undefined || values.within !== undefined) {
    options.bands = {
      between: values.between === undefined ? { moderate: 3.5, strong: 4.0 } : bandFlag('--between', values.between),
      within: values.within === undefined ? { moderate: 4.0, strong: 4.5 } : bandFlag('--within', values.within),
    };
  }
  return options;
}

function overview(): string {
  const width = Math.max(...Object.keys(commands).map((k) => k.length));
  return [
    'samspil: tools for coordinated case work',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, c]) => `  samspil ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `samspil COMMAND --help` for a command\'s options.',
  ].join('\n');
}

/** Runs the CLI; returns the exit status (0 ok, 1 findings with errors or an unexpected failure, 2 bad input or usage). */
export async function main(argv: string[], env: Environment): Promise<number> {
  const name = commands[argv[0] ?? ''] ? argv[0]! : argv.slice(0, 2).join(' ');
  const command = commands[name];
  if (!command) {
    const first = argv[0];
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      print(overview());
      return 0;
    }
    const group = Object.entries(commands).filter(([k]) => k.startsWith(`${first} `));
    if (group.length && (argv.length === 1 || argv.includes('--help') || argv.includes('-h'))) {
      print(group.map(([k, c]) => `samspil ${k}  ${c.summary}\n  usage: ${c.usage}`).join('\n'));
      return argv.length === 1 ? 2 : 0;
    }
    process.stderr.write(`samspil: unknown command ${JSON.stringify(name)}\n\n${overview()}\n`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: argv.slice(name.split(' ').length),
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      print(`usage: ${command.usage}\n\n${command.help}`);
      return 0;
    }
    const args = command.args ?? ['FILE'];
    if (positionals.length !== args.length)
      throw new UsageError(args.length ? `expected ${args.join(' ')}, got ${positionals.length === 0 ? 'nothing' : positionals.map((p) => JSON.stringify(p)).join(' ')}` : `takes no arguments, got ${positionals.map((p) => JSON.stringify(p)).join(' ')}`);
    return await command.run(positionals, values, env);
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`samspil: ${error.message}\n`);
      process.stderr.write(`samspil: ${error.problemCount} ${error.problemCount === 1 ? 'problem' : 'problems'} in all\n`);
      return 2;
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`samspil ${name}: ${(error as Error).message}\nusage: ${command.usage}\n`);
      return 2;
    }
    // What cannot be done as asked (a data folder in use), beside a wrong invocation: no usage line.
    if (errorCode(error) === ErrorCode.InvalidUsage) {
      process.stderr.write(`samspil ${name}: ${(error as Error).message}\n`);
      return 2;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
      process.stderr.write(`samspil: cannot read ${(error as NodeJS.ErrnoException).path ?? 'the file'}: ${code}\n`);
      return 2;
    }
    // Unexpected (the database unreachable, a bug): status 1, the message without a stack.
    process.stderr.write(`samspil ${name}: ${(error as Error).message ?? String(error)}${code ? ` (${code})` : ''}\n`);
    return 1;
  }
}
