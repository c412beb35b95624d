import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RcComparison, RcResult } from '@samspil/core';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'packages/server/bin/samspil.mjs');
const data = join(root, 'examples/data');
const tmp = mkdtempSync(join(tmpdir(), 'samspil-cli-'));

function samspil(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: options.cwd ?? root, env: options.env ?? process.env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
function file(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}
const HEADER = 'respondent,group,target,frequent,timely,accurate,problem_solving,shared_goals,shared_knowledge,mutual_respect';

describe('samspil rc score', () => {
  it('prints the result JSON on stdout and nothing else', () => {
    const r = samspil(['rc', 'score', join(data, 'survey.csv'), '--wave', '2025-04', '--json']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const result = RcResult.parse(JSON.parse(r.stdout));
    expect(Object.keys(JSON.parse(r.stdout))).toEqual(['groups', 'ties', 'overall', 'asymmetries', 'ratings']);
    expect(result.groups).toEqual(['Jobcenter', 'Familieafdelingen', 'Socialpsykiatri', 'Sundhed og ældre', 'Misbrug; rådgivning']);
    expect(Object.keys(result.ties[0]!)).toEqual(['from', 'to', 'n', 'score', 'band', 'suppressed', 'dimensions']);
    // The addiction group has two respondents a wave: its ties are suppressed.
    const suppressed = result.ties.filter((t) => t.from === 'Misbrug; rådgivning');
    expect(suppressed.every((t) => t.suppressed && t.score === null && t.n === 2)).toBe(true);
    expect(result.asymmetries.some((a) => a.a === 'Jobcenter')).toBe(true);
  });

  it('applies the flags: --min-respondents, --min-items, --asymmetry, --between, --within', () => {
    const base = JSON.parse(samspil(['rc', 'score', join(data, 'survey.csv'), '--wave', '2024-04', '--json']).stdout) as RcResult;
    const r = JSON.parse(
      samspil(['rc', 'score', join(data, 'survey.csv'), '--wave', '2024-04', '--json', '--min-respondents', '2', '--min-items', '6', '--asymmetry', '5', '--between', '1,1', '--within', '5,5']).stdout,
    ) as RcResult;
    expect(r.ties.every((t) => !t.suppressed)).toBe(true);
    expect(r.ratings.counted).toBeGreaterThan(base.ratings.counted);
    expect(r.asymmetries).toEqual([]);
    expect(r.ties.filter((t) => t.from !== t.to).every((t) => t.band === 'strong')).toBe(true);
    expect(r.ties.filter((t) => t.from === t.to).every((t) => t.band === 'weak')).toBe(true);
  });

  it('exits 2 with the line, the column and the number of problems, printing nothing on stdout', () => {
    const bad = file('bad.csv', `${HEADER}\r\nr1,A,B,3,3,3,3,3,3,3\r\nr2,"A\r\nB",B,3,3,3,3,3,3,3\r\nr3,A,B,3,3,3.5,3,3,3,x\r\n`);
    const r = samspil(['rc', 'score', bad, '--json']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('line 5, column 6 (accurate): "3.5" is not an integer from 1 to 5');
    expect(r.stderr).toContain('2 problems in all');
  });

  it('refuses a record longer than 1 MB with its line, exit status 2, without reading on', () => {
    const long = file('long.csv', `${HEADER}\nr1,A,B,3,3,3,3,3,3,3\nr2,${'x'.repeat(3 * 1024 * 1024)},B,3,3,3,3,3,3,3\nr3,A,B,3,3,3,3,3,3,3\n`);
    const r = samspil(['rc', 'score', long, '--json']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('line 3, column 1 (respondent): the record is longer than 1,048,576 characters');
  });

  it.each([
    ['a missing column', 'respondent,group,target,frequent\nr1,A,B,3\n', 'line 1, column "timely": the required column "timely" is missing', '6 problems'],
    ['an empty target', `${HEADER}\nr1,A,,3,3,3,3,3,3,3\n`, 'line 2, column 3 (target): is empty', '1 problem'],
    ['a duplicate rating', `${HEADER}\nr1,A,B,3,3,3,3,3,3,3\nr1,C,B,3,3,3,3,3,3,3\n`, 'line 3, column 3 (target): respondent "r1" rates "B" more than once (first on line 2)', '1 problem'],
    ['an item of 0', `${HEADER}\nr1,A,B,0,3,3,3,3,3,3\n`, 'line 2, column 4 (frequent): "0" is not an integer', '1 problem'],
    ['an item of 6', `${HEADER}\nr1,A,B,3,3,3,3,3,3,6\n`, 'line 2, column 10 (mutual_respect): "6" is not an integer', '1 problem'],
  ])('refuses %s', (_, text, message, count) => {
    const r = samspil(['rc', 'score', file('case.csv', text), '--json']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(`${count} in all`);
  });

  it('refuses a file that is not UTF-8, naming the first bad byte', () => {
    const latin1 = join(tmp, 'latin1.csv');
    writeFileSync(latin1, Buffer.concat([Buffer.from(`${HEADER}\nr1,J`), Buffer.from([0xe6]), Buffer.from('g,B,3,3,3,3,3,3,3\n')]));
    const r = samspil(['rc', 'score', latin1, '--json']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('line 2, column 5: the file is not UTF-8');
  });

  it('reads a semicolon file with a byte-order mark, CRLF and Danish letters', () => {
    const text = `\uFEFFRespondent;Group;Target;${HEADER.split(',').slice(3).join(';').toUpperCase()}\r\n`;
    const rows = ['a', 'b', 'c'].map((r) => `${r};"Børn; unge";Ældreområdet;4;4;4;4;4;4;5\r\n`).join('');
    const r = samspil(['rc', 'score', file('semi.csv', text + rows), '--json']);
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout) as RcResult;
    expect(result.groups).toEqual(['Børn; unge', 'Ældreområdet']);
    expect(result.ties[0]).toMatchObject({ n: 3, score: 29 / 7, band: 'strong' });
  });

  it('refuses bad flags and unknown waves with status 2', () => {
    for (const args of [['--min-items', '8'], ['--min-respondents', '0'], ['--wave', '1999'], ['--between', '4,3'], ['--bogus']]) {
      const r = samspil(['rc', 'score', join(data, 'survey.csv'), ...args]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/usage: samspil rc score/);
    }
    expect(samspil(['rc', 'score', join(tmp, 'missing.csv')]).stderr).toContain('cannot read');
  });
});

describe('samspil rc score in text', () => {
  it('names the bands in the sources\' words: High / Middle / Low', () => {
    const r = samspil(['rc', 'score', join(data, 'survey.csv'), '--wave', '2024-04']);
    expect(r.status).toBe(0);
    const result = JSON.parse(samspil(['rc', 'score', join(data, 'survey.csv'), '--wave', '2024-04', '--json']).stdout) as RcResult;
    const words = { strong: 'High', moderate: 'Middle', weak: 'Low' } as const;
    const rows = r.stdout.split('\n').filter((l) => /\s(High|Middle|Low)$/.test(l));
    expect(rows).toHaveLength(result.ties.filter((t) => t.band).length);
    const first = result.ties.find((t) => t.band)!;
    expect(rows[0]).toMatch(new RegExp(`^${first.from}\\s+${first.to}\\s+${first.n}\\s+${first.score!.toFixed(2)}\\s+${words[first.band!]}$`));
    expect(r.stdout).not.toMatch(/\b(strong|moderate|weak)\b/);
  });
});

describe('samspil rc compare', () => {
  it('prints per-tie and overall deltas (to minus from)', () => {
    const r = samspil(['rc', 'compare', join(data, 'survey.csv'), '--from', '2024-04', '--to', '2025-04', '--json']);
    expect(r.status).toBe(0);
    const c = RcComparison.parse(JSON.parse(r.stdout));
    const score = (wave: string) => JSON.parse(samspil(['rc', 'score', join(data, 'survey.csv'), '--wave', wave, '--json']).stdout) as RcResult;
    const [before, after] = [score('2024-04'), score('2025-04')];
    const delta = after.overall! - before.overall!;
    expect(c.overall).toEqual({ before: before.overall, after: after.overall, delta, deltaPercent: (delta / before.overall!) * 100 });
    const t = c.ties.find((x) => x.from === 'Familieafdelingen' && x.to === 'Jobcenter')!;
    const find = (res: RcResult) => res.ties.find((x) => x.from === 'Familieafdelingen' && x.to === 'Jobcenter')!;
    expect(t.delta).toBe(find(after).score! - find(before).score!);
    // The relative change beside the difference, as the sources compare waves; null where delta is.
    expect(t.deltaPercent).toBeCloseTo((t.delta! / find(before).score!) * 100, 10);
    expect(c.ties.every((x) => (x.delta === null) === (x.deltaPercent === null))).toBe(true);
    expect(Object.keys(c.ties[0]!)).toEqual(['from', 'to', 'before', 'after', 'delta', 'deltaPercent']);
  });

  it('prints the change and the relative change in text', () => {
    const r = samspil(['rc', 'compare', join(data, 'survey.csv'), '--from', '2024-04', '--to', '2025-04']);
    expect(r.status).toBe(0);
    const c = RcComparison.parse(JSON.parse(samspil(['rc', 'compare', join(data, 'survey.csv'), '--from', '2024-04', '--to', '2025-04', '--json']).stdout));
    const lines = r.stdout.split('\n');
    const pct = (p: number) => `${p > 0 ? '+' : '-'}${Math.abs(Math.round(p * 10) / 10).toFixed(1)}%`;
    expect(lines[1]).toBe(`Overall: ${c.overall.before!.toFixed(2)} → ${c.overall.after!.toFixed(2)} (+${c.overall.delta!.toFixed(2)}, ${pct(c.overall.deltaPercent!)})`);
    expect(lines[3]).toMatch(/^from\s+to\s+2024-04\s+2025-04\s+change\s+change %$/);
    const t = c.ties.find((x) => x.from === 'Familieafdelingen' && x.to === 'Jobcenter' && x.deltaPercent !== null)!;
    expect(lines.find((l) => l.startsWith('Familieafdelingen  ') && l.includes(' Jobcenter '))!.trimEnd()).toMatch(new RegExp(`${t.delta! >= 0 ? '\\+' : '-'}${Math.abs(t.delta!).toFixed(2)}\\s+${pct(t.deltaPercent!).replace('+', '\\+')}$`));
  });

  it('needs a wave column and both waves', () => {
    const noWaves = file('nowaves.csv', `${HEADER}\nr1,A,B,3,3,3,3,3,3,3\n`);
    expect(samspil(['rc', 'compare', noWaves, '--from', 'a', '--to', 'b']).stderr).toContain('the survey has no wave column');
    expect(samspil(['rc', 'compare', join(data, 'survey.csv'), '--from', '2024-04']).status).toBe(2);
  });
});

describe('samspil plan / matrix / stall check', () => {
  it('prints a plan\'s findings as JSON', () => {
    const r = samspil(['plan', 'check', join(data, 'plan.json'), '--json']);
    expect(r.status).toBe(0);
    const { findings } = JSON.parse(r.stdout);
    expect(findings.map((f: { code: string }) => f.code)).toEqual([
      'plan.sub-goal-not-measurable',
      'plan.budget-department',
      'plan.budget-department',
      'plan.budget-department',
      'plan.budget-total',
    ]);
    expect(findings.at(-1).data).toEqual({ amountDkk: 80000 });
  });

  it('locates a schema problem by path, line and column', () => {
    const bad = file('plan.json', '{\n  "citizenWishes": "Klare mig selv",\n  "overallGoal": { "kind": "employment" },\n  "interventions": [\n    { "id": "a", "title": "x", "department": 7 }\n  ]\n}\n');
    const r = samspil(['plan', 'check', bad, '--json']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('line 5, column 46: interventions[0].department: expected string, received number');
  });

  it('locates a JSON syntax error by line and column', () => {
    const r = samspil(['matrix', 'check', file('m.json', '{\n  "columns": [],\n  "rows": [,]\n}\n')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('line 3, column 12: invalid JSON');
  });

  it('exits 1 when a matrix has errors, with their codes', () => {
    const r = samspil(['matrix', 'check', join(data, 'matrix.json'), '--json']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).findings.map((f: { code: string }) => f.code)).toEqual(['matrix.no-responsible', 'matrix.multiple-accountable']);
    const busy = file(
      'busy.json',
      JSON.stringify({
        coordinator: 'p1',
        columns: [{ id: 'p1', kind: 'person', label: 'Koordinator' }],
        rows: ['a', 'b'].map((id) => ({ id, kind: 'task', label: id, cells: { p1: 'A' } })),
        disagreement: { rule: 'Ledermøde', decidedBy: 'p1' },
      }),
    );
    const overload = (limit: string) => JSON.parse(samspil(['matrix', 'check', busy, '--accountable-limit', limit, '--json']).stdout).findings.map((f: { code: string }) => f.code);
    expect(overload('1')).toContain('matrix.accountable-overload');
    expect(overload('2')).not.toContain('matrix.accountable-overload');
    expect(samspil(['matrix', 'check', busy, '--accountable-limit', '0']).status).toBe(2);
  });

  it('prints every stall reason per case with the time it started', () => {
    const r = samspil(['stall', 'check', join(data, 'cases.json'), '--now', '2026-11-23T10:00:00+01:00', '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.now).toBe('2026-11-23T09:00:00.000Z');
    const reasons = Object.fromEntries(out.cases.map((c: { reference: string; reasons: { code: string; since: string }[] }) => [c.reference, c.reasons.map((x) => [x.code, x.since])]));
    expect(reasons).toEqual({
      'SAG-2026-0412': [
        ['stall.no-activity', '2026-11-16T23:00:00.000Z'],
        ['stall.intervention-overdue', '2026-11-13T23:00:00.000Z'],
        ['stall.decision-awaited', '2026-11-17T23:00:00.000Z'],
        ['stall.follow-up-passed', '2026-11-18T23:00:00.000Z'],
        ['stall.coordinator-unavailable', '2026-11-09T07:00:00.000Z'],
      ],
      'SAG-2026-0977': [
        ['stall.no-coordinator', '2026-11-16T08:00:00.000Z'],
        ['stall.consent-missing', '2026-11-16T08:00:00.000Z'],
      ],
      'SAG-2026-1003': [],
    });
    // A municipal closing day moves the inactivity threshold by a business day.
    const closed = JSON.parse(samspil(['stall', 'check', join(data, 'cases.json'), '--now', '2026-11-23T10:00:00+01:00', '--closing-day', '2026-11-10', '--json']).stdout);
    expect(closed.cases[0].reasons[0]).toMatchObject({ code: 'stall.no-activity', since: '2026-11-17T23:00:00.000Z' });
  });

  it('refuses a --now without an offset', () => {
    const r = samspil(['stall', 'check', join(data, 'cases.json'), '--now', '2026-11-23']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--now');
  });
});

describe('samspil --help', () => {
  it.each(['rc score', 'rc compare', 'plan check', 'matrix check', 'stall check'])('%s --help prints its usage', (command) => {
    const r = samspil([...command.split(' '), '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`usage: samspil ${command}`);
  });

  it('lists the commands and refuses an unknown one', () => {
    expect(samspil(['--help']).stdout).toContain('samspil stall check');
    expect(samspil(['rc', '--help']).stdout).toContain('samspil rc compare');
    expect(samspil(['rc', 'frobnicate']).status).toBe(2);
  });
});

describe('the root `samspil` script', () => {
  it('npm run -s samspil prints only the JSON, reading files relative to where it was run', () => {
    const direct = samspil(['rc', 'score', join(data, 'survey.csv'), '--json']).stdout;
    const env = { ...process.env };
    delete env.INIT_CWD;
    for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
    const r = spawnSync('npm', ['run', '-s', 'samspil', '--', 'rc', 'score', 'data/survey.csv', '--json'], { cwd: join(root, 'examples'), encoding: 'utf8', env });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(direct);
  });
});
