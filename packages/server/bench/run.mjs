// `npm run bench`: RC scoring and survey import, each next to references measured
// in the same run. Figures, not assertions: the targets are printed beside them.
import { once } from 'node:events';
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { RC_ITEMS, RcTableBuilder, scoreRc } from '@samspil/core';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { asciiSurvey, groupNames, surveyRows } from './data.mjs';

const RATINGS = 1_000_000;
const GROUPS = 40;

function gc() {
  globalThis.gc?.();
}

async function measure(fn, { warmup = 1, runs = 5 } = {}) {
  gc();
  let t = performance.now();
  await fn();
  const first = performance.now() - t;
  for (let i = 1; i < warmup; i++) await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    gc();
    t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], runs, first };
}

const ms = (x) => `${x.toFixed(1).padStart(8)} ms`;
const line = (label, m, extra = '') =>
  console.log(`  ${label.padEnd(44)} ${ms(m.median)} (median of ${m.runs}, min ${m.min.toFixed(1)}, first run ${m.first.toFixed(1)})${extra}`);

/** The obvious implementation: rating objects grouped by a string key in a Map. */
function naiveScore(ratings, minRespondents = 3) {
  const ties = new Map();
  for (const r of ratings) {
    const values = RC_ITEMS.map((k) => r.items[k]).filter((v) => v !== null);
    if (values.length < 7) continue;
    const score = values.reduce((a, b) => a + b, 0) / values.length;
    const key = `${r.group}\u0000${r.target}`;
    let tie = ties.get(key);
    if (!tie) ties.set(key, (tie = { sum: 0, count: 0, respondents: new Set(), dims: RC_ITEMS.map(() => 0) }));
    tie.sum += score;
    tie.count++;
    tie.respondents.add(r.respondent);
    RC_ITEMS.forEach((k, j) => (tie.dims[j] += r.items[k]));
  }
  return [...ties].map(([key, t]) => ({
    key,
    n: t.respondents.size,
    score: t.respondents.size < minRespondents ? null : t.sum / t.count,
    dimensions: t.dims.map((d) => d / t.count),
  }));
}

async function scoring() {
  console.log(`\nScoring ${RATINGS.toLocaleString('en')} ratings over ${GROUPS} groups, in memory`);
  const builder = new RcTableBuilder(RATINGS);
  const objects = [];
  const names = groupNames(GROUPS);
  const csv = [];
  for (const r of surveyRows(RATINGS, GROUPS)) {
    const { row } = builder.add(r.respondent, names[r.group], names[r.target]);
    builder.items.set(r.items, row * 7);
    objects.push({
      respondent: r.respondent,
      group: names[r.group],
      target: names[r.target],
      items: Object.fromEntries(RC_ITEMS.map((k, j) => [k, r.items[j] || null])),
    });
    csv.push(`${r.respondent.slice(1)},${r.group},${r.target},${r.items.map((v) => v || '').join(',')}`);
  }
  const table = builder.finish();

  let result;
  const ours = await measure(() => (result = scoreRc(table)), { warmup: 5, runs: 9 });
  line('samspil scoreRc (columnar table)', ours, '   target ≤ 150 ms');
  const naive = await measure(() => naiveScore(objects), { warmup: 1, runs: 5 });
  line('reference: naive (objects, Map by key)', naive, `   ours/naive = ${(ours.median / naive.median).toFixed(3)}`);

  // The same aggregation as SQL in PGlite, on the same ratings (loading not timed).
  const db = await PGlite.create();
  const cols = RC_ITEMS.join(', ');
  await db.exec(`CREATE TABLE rating (respondent int, g int, t int, ${RC_ITEMS.map((k) => `${k} smallint`).join(', ')})`);
  await db.query(`COPY rating FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob: new Blob([csv.join('\n') + '\n']) });
  csv.length = 0;
  const sql = `SELECT g, t, count(DISTINCT respondent) AS n, avg(score) AS score, ${RC_ITEMS.map((k) => `avg(${k})`).join(', ')}
    FROM (SELECT respondent, g, t, ${cols}, (${RC_ITEMS.join(' + ')})::float8 / 7 AS score FROM rating WHERE num_nonnulls(${cols}) = 7) counted
    GROUP BY g, t`;
  let rows;
  const pg = await measure(async () => (rows = (await db.query(sql)).rows), { warmup: 1, runs: 3 });
  line('reference: PGlite, one GROUP BY', pg, `   ours/PGlite = ${(ours.median / pg.median).toFixed(3)}`);
  await db.close();

  // The three agree, or the figures mean nothing.
  const ourTie = result.ties.find((t) => t.from === names[3] && t.to === names[5]);
  const sqlTie = rows.find((r) => r.g === 3 && r.t === 5);
  if (Math.abs(ourTie.score - sqlTie.score) > 1e-9 || ourTie.n !== Number(sqlTie.n)) throw new Error('scoreRc and SQL disagree');
  console.log(`  (checked: ${result.ties.length} ties; tie 3→5 scores ${ourTie.score.toFixed(6)} in both, n = ${ourTie.n})`);
  return ours.median;
}

/** Writes text pieces to a file; returns its size in MB. */
async function writeFile(file, pieces) {
  const out = createWriteStream(file);
  for (const piece of pieces) if (!out.write(piece)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  return statSync(file).size / 1e6;
}

function* danishSurvey() {
  yield `respondent,group,target,${RC_ITEMS.join(',')}\r\n`;
  let batch = [];
  for (const r of surveyRows(RATINGS, GROUPS)) {
    batch.push(`${r.respondent},${r.groupName},${r.targetName},${r.items.map((v) => v || '').join(',')}`);
    if (batch.length === 10_000) {
      yield batch.join('\r\n') + '\r\n';
      batch = [];
    }
  }
}

async function importing() {
  const file = join(tmpdir(), `samspil-bench-${process.pid}.csv`);
  const ascii = join(tmpdir(), `samspil-bench-ascii-${process.pid}.csv`);
  const mb = await writeFile(file, danishSurvey());
  const asciiMb = await writeFile(ascii, asciiSurvey(RATINGS, GROUPS));
  const rate = (m, size = mb) => `${(size / (m.median / 1000)).toFixed(1)} MB/s`;
  console.log(`\nImporting a ${RATINGS.toLocaleString('en')}-row survey CSV from disk: Danish letters and quotes in group names, CRLF (${mb.toFixed(1)} MB); a plain ASCII export, LF (${asciiMb.toFixed(1)} MB)`);
  try {
    // Each file in a process of its own, as the CLI reads one: a process that has read the one
    // kind of text first would measure the other with code tuned to the first.
    const ours = importIn(file);
    line('samspil readSurveyFile, Danish (stream, validate)', ours, `   ${rate(ours)}; target ≥ 50 MB/s`);
    const oursAscii = importIn(ascii);
    line('samspil readSurveyFile, ASCII (stream, validate)', oursAscii, `   ${rate(oursAscii, asciiMb)}; target ≥ 50 MB/s`);
    // Linear at any chunk size: the import issue's regression cost grew with the chunk.
    let slowestChunked = Infinity;
    for (const kib of [16, 64, 256, 1024]) {
      const chunked = importIn(ascii, kib * 1024);
      slowestChunked = Math.min(slowestChunked, asciiMb / (chunked.median / 1000));
      line(`  ASCII in chunks of ${kib >= 1024 ? `${kib / 1024} MiB` : `${kib} KiB`}`, chunked, `   ${rate(chunked, asciiMb)}; target ≥ 50 MB/s`);
    }
    const naive = await measure(async () => {
      const rows = (await readFile(file, 'utf8')).split('\r\n').map((l) => l.split(','));
      return rows.length;
    });
    line('reference: readFile + split (no quoting/checks)', naive, `   ${rate(naive)}; ours/reference = ${(ours.median / naive.median).toFixed(2)}`);
    const db = await PGlite.create();
    await db.exec(`CREATE TABLE rating (respondent text, "group" text, target text, ${RC_ITEMS.map((k) => `${k} smallint`).join(', ')})`);
    const pg = await measure(
      async () => {
        await db.exec('TRUNCATE rating');
        await db.query(`COPY rating FROM '/dev/blob' WITH (FORMAT csv, HEADER true)`, [], { blob: new Blob([await readFile(file)]) });
      },
      { warmup: 0, runs: 1 },
    );
    line('reference: PGlite COPY FROM (CSV)', pg, `   ${rate(pg)}; ours/PGlite = ${(ours.median / pg.median).toFixed(2)}`);
    await db.close();
    await endToEnd(ascii, asciiMb);
    return Math.min(mb / (ours.median / 1000), asciiMb / (oursAscii.median / 1000), slowestChunked);
  } finally {
    rmSync(file, { force: true });
    rmSync(ascii, { force: true });
  }
}

function importIn(file, chunk) {
  const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(new URL('./import-file.mjs', import.meta.url)), file, ...(chunk ? [String(chunk)] : [])], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the import failed: ${r.stderr}`);
  const m = JSON.parse(r.stdout);
  if (m.problems !== 0 || m.ratings !== RATINGS) throw new Error('the import lost ratings');
  return m;
}

/** What a user waits for: `samspil rc score FILE --json` from process start to the JSON printed, next to Python's csv + dict. */
async function endToEnd(file, mb) {
  console.log(`\nrc score end to end on the ASCII file (${mb.toFixed(1)} MB): process start to JSON printed, median of 3`);
  const time = (command, args) => {
    const times = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      if (r.status !== 0) throw new Error(`${command} failed: ${r.stderr}`);
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b)[1];
  };
  const ours = time(process.execPath, [fileURLToPath(new URL('../bin/samspil.mjs', import.meta.url)), 'rc', 'score', file, '--json']);
  console.log(`  samspil rc score --json                      ${ms(ours)}`);
  const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  if (python.status !== 0) return console.log('  reference: python3 is not on this machine; the ratio is left out');
  const reference = time('python3', [fileURLToPath(new URL('./reference_score.py', import.meta.url)), file]);
  console.log(`  reference: ${python.stdout.trim()} csv + dict        ${ms(reference)}; reference/ours = ${(reference / ours).toFixed(2)}× (target ≥ 3×: ${reference / ours >= 3 ? 'met' : 'MISSED'})`);
}

console.log(`samspil bench, Node ${process.version}, one thread${globalThis.gc ? '' : ' (run with --expose-gc for steadier figures)'}`);
const scoreMs = await scoring();
const importRate = await importing();
console.log(`\nSummary: scoring ${scoreMs.toFixed(1)} ms (target ≤ 150 ms${scoreMs <= 150 ? ', met' : ', MISSED'}); import ${importRate.toFixed(1)} MB/s (target ≥ 50 MB/s${importRate >= 50 ? ', met' : ', MISSED'})`);
