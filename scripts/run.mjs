#!/usr/bin/env node
// The root scripts' single entry: bootstraps the pinned pnpm, installs with the
// frozen lockfile, builds, then runs the task. Only Node 20 and npm are assumed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { saveState, treeState, workToDo } from './tree-state.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pnpmSpec = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager;
const [task, ...args] = process.argv.slice(2);

function pnpm(pnpmArgs, { quiet = false } = {}) {
  // Under the pinned pnpm already (`pnpm test`), reuse it; otherwise fetch it with npx. The
  // user agent alone does not say: npm started from inside pnpm (a test's `npm start`) keeps
  // pnpm's agent in the environment but points npm_execpath at itself.
  const agent = process.env.npm_config_user_agent ?? '';
  const execPath = process.env.npm_execpath ?? '';
  const underPnpm = agent.startsWith(pnpmSpec.replace('@', '/')) && /pnpm/.test(basename(execPath));
  const [cmd, cmdArgs] = underPnpm
    ? [process.execPath, [process.env.npm_execpath, ...pnpmArgs]]
    : ['npx', ['--yes', pnpmSpec, ...pnpmArgs]];
  // quiet: keep stdout clean for machine-read output (the CLI's JSON); progress goes to stderr.
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: ['inherit', quiet ? 2 : 'inherit', 'inherit'] });
  if (r.error) throw r.error;
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/**
 * Installs and builds what changed since the last set-up (scripts/tree-state.mjs): nothing on
 * an unchanged tree, not even fetching pnpm; every package on a fresh clone.
 */
function setUp(quiet = false) {
  const work = workToDo(root);
  if (work.install) pnpm(['install', '--frozen-lockfile', '--prefer-offline'], { quiet });
  if (work.build === 'all') pnpm(['-r', 'build'], { quiet });
  else if (work.build.length) pnpm(['-r', ...work.build.flatMap((name) => ['--filter', `...${name}`]), 'build'], { quiet });
  // Read again after the build: a build may write into its own inputs (manifests, icons).
  if (work.install || work.build.length) saveState(root, treeState(root));
}

const cli = join(root, 'packages/server/dist/cli/main.js');
async function runCli(cliArgs) {
  // npm and pnpm run scripts from the root; file arguments are relative to where the user stood.
  if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
  const { main } = await import(pathToFileURL(cli).href);
  process.exitCode = await main(cliArgs, process.env);
}

switch (task) {
  case 'test':
    setUp();
    pnpm(['-r', '--workspace-concurrency=1', 'test']);
    break;
  case 'build':
    setUp();
    break;
  case 'bench':
    setUp();
    pnpm(['-r', '--workspace-concurrency=1', 'bench']);
    break;
  case 'demo':
    setUp();
    await import('./demo.mjs');
    break;
  case 'try-teams':
    // A stand-in Teams on loopback (the tests' fakes) to point `npm start` at: bots/teams/scripts/try-teams.mjs.
    setUp();
    process.argv.splice(2, 1);
    await import(pathToFileURL(join(root, 'bots/teams/scripts/try-teams.mjs')).href);
    break;
  case 'start':
    // The coordination service: API, example host, scheduler; PGlite unless DATABASE_URL is set.
    setUp();
    await import(pathToFileURL(join(root, 'packages/service/dist/main.js')).href);
    break;
  case 'samspil':
    if (!existsSync(join(root, 'node_modules/.modules.yaml')) || !existsSync(cli)) setUp(true);
    await runCli(args);
    break;
  default:
    console.error(`usage: node scripts/run.mjs start|test|build|bench|demo|samspil [args]`);
    process.exit(2);
}
