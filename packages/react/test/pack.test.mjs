// The published packages as a vendor gets them (issue 16, item 6): @samspil/core, @samspil/widgets
// and @samspil/react packed as `pnpm publish` packs them (workspace:* turned into versions), each
// tarball holding only what it should, its package.json's exports, types and sideEffects right;
// then the three tarballs installed with npm into an empty project and used from there.
// Runs after the build (`npm test` builds first), as `node --test` in packages/react.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** pnpm: the one running this test (pnpm -r test), else the pinned one through npx. */
function pnpm(args, cwd) {
  const agent = process.env.npm_config_user_agent ?? '';
  // npm_execpath, not the agent alone: npm run from inside pnpm keeps pnpm's agent.
  const underPnpm = agent.startsWith(rootPkg.packageManager.replace('@', '/')) && /pnpm/.test(basename(process.env.npm_execpath ?? ''));
  const [cmd, cmdArgs] = underPnpm ? [process.execPath, [process.env.npm_execpath, ...args]] : ['npx', ['--yes', rootPkg.packageManager, ...args]];
  return execFileSync(cmd, cmdArgs, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

/** Each package: its folder, and what its tarball may hold besides package.json, README.md and LICENSE. */
const PACKAGES = {
  '@samspil/core': { dir: 'packages/core', allowed: [/^dist\//] },
  '@samspil/widgets': { dir: 'packages/widgets', allowed: [/^dist\//, /^custom-elements\.json$/, /^ACCESSIBILITY\.md$/] },
  '@samspil/react': { dir: 'packages/react', allowed: [/^dist\//] },
};
const ALWAYS = ['package.json', 'README.md', 'LICENSE'];

/** What `pnpm pack --dry-run --json` says the tarball of a package holds. */
const listed = new Map();
let scratch;
const tarballs = new Map();

before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'samspil-pack-'));
  for (const [name, { dir }] of Object.entries(PACKAGES)) {
    const out = JSON.parse(pnpm(['pack', '--dry-run', '--json'], join(root, dir)));
    listed.set(name, out.files.map((f) => f.path).sort());
    const packed = JSON.parse(pnpm(['pack', '--json', '--pack-destination', scratch], join(root, dir)));
    tarballs.set(name, packed.filename.startsWith('/') ? packed.filename : join(scratch, packed.filename));
  }
});

after(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the packed tarballs', () => {
  for (const [name, { dir, allowed }] of Object.entries(PACKAGES)) {
    it(`${name}: only dist/, README, LICENSE${name === '@samspil/widgets' ? ', the manifest and the accessibility statement' : ''}`, () => {
      const files = listed.get(name);
      for (const f of ALWAYS) assert.ok(files.includes(f), `${name} lacks ${f}`);
      const stray = files.filter((f) => !ALWAYS.includes(f) && !allowed.some((re) => re.test(f)));
      assert.deepEqual(stray, [], `${name} would ship ${stray.join(', ')}`);
      assert.ok(!files.some((f) => f.endsWith('.tsbuildinfo')), 'no build info');
      assert.ok(!files.some((f) => /\.test\.|(^|\/)test\//.test(f)), 'no tests');
      // Every file that exports and types name is in the tarball.
      const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
      const targets = [pkg.main, pkg.types, ...Object.values(pkg.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)))];
      for (const target of targets.filter((t) => t && !t.includes('*'))) {
        assert.ok(files.includes(target.replace(/^\.\//, '')), `${name}: ${target} (exports/main/types) is not in the tarball`);
      }
    });
  }

  it('package.json: ESM, types first in each export, sideEffects right, no workspace: ranges once packed', () => {
    const versionOf = (n) => JSON.parse(readFileSync(join(root, PACKAGES[n].dir, 'package.json'), 'utf8')).version;
    for (const name of Object.keys(PACKAGES)) {
      const pkg = JSON.parse(execFileSync('tar', ['-xOzf', tarballs.get(name), 'package/package.json'], { encoding: 'utf8' }));
      assert.equal(pkg.name, name);
      assert.equal(pkg.type, 'module', name);
      assert.equal(pkg.license, 'MIT', name);
      assert.equal(pkg.types, './dist/index.d.ts', name);
      assert.deepEqual(pkg.publishConfig, { access: 'public', provenance: true }, name);
      for (const [key, target] of Object.entries(pkg.exports)) {
        if (typeof target === 'object') assert.equal(Object.keys(target)[0], 'types', `${name} ${key}: types must come first`);
      }
      const ranges = Object.values({ ...pkg.dependencies, ...pkg.peerDependencies });
      assert.ok(!ranges.some((r) => r.startsWith('workspace:')), `${name}: ${JSON.stringify(pkg.dependencies)}`);
      // The packages go out together: each depends on the others' exact version.
      for (const dep of ['@samspil/core', '@samspil/widgets']) {
        if (pkg.dependencies?.[dep]) assert.equal(pkg.dependencies[dep], versionOf(dep), `${name} -> ${dep}`);
      }
      assert.ok(name === '@samspil/core' || pkg.dependencies['@samspil/core'], `${name} depends on core`);
    }
    const core = JSON.parse(readFileSync(join(root, 'packages/core/package.json'), 'utf8'));
    const widgets = JSON.parse(readFileSync(join(root, 'packages/widgets/package.json'), 'utf8'));
    const react = JSON.parse(readFileSync(join(root, 'packages/react/package.json'), 'utf8'));
    assert.equal(core.sideEffects, false, 'core: pure modules');
    assert.equal(react.sideEffects, false, 'react: its components are pure; registering is the widgets\' side effect');
    // Only the files that register a tag (and the CDN bundle) have side effects.
    assert.deepEqual(widgets.sideEffects, [
      './dist/plan-card/plan-card.js',
      './dist/responsibility-matrix/responsibility-matrix.js',
      './dist/rc-heatmap/rc-heatmap.js',
      './dist/coordination-overview/coordination-overview.js',
      './dist/citizen-plan/citizen-plan.js',
      './dist/index.js',
      './dist/cdn/*',
    ]);
    for (const file of widgets.sideEffects.filter((f) => !f.includes('*'))) {
      assert.match(readFileSync(join(root, 'packages/widgets', file), 'utf8'), /define\(|export \* from/, `${file} registers`);
    }
    assert.equal(widgets.customElements, 'custom-elements.json');
  });
});

describe('installed from the tarballs into an empty project', () => {
  let project;
  before(() => {
    project = join(scratch, 'vendor');
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'vendor', private: true, type: 'module' }));
    // The registry (or npm's cache) gives lit, zod, @lit/react and react; the three come from the tarballs.
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', ...tarballs.values()], {
      cwd: project,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  });

  it('imports @samspil/core in Node and validates and checks a plan', async () => {
    // By name, as the vendor's code imports it (resolved through the installed package's exports).
    writeFileSync(
      join(project, 'probe.mjs'),
      `import { Plan, validate, checkPlan } from '@samspil/core';
       const bad = validate(Plan, { caseReference: 1 });
       const schema = await import('@samspil/core/json-schema/Plan.schema.json', { with: { type: 'json' } });
       console.log(JSON.stringify({ ok: bad.ok, problems: bad.issues.length, checks: typeof checkPlan, title: schema.default.title,
         from: import.meta.resolve('@samspil/core') }));`,
    );
    const out = JSON.parse(execFileSync(process.execPath, ['probe.mjs'], { cwd: project, encoding: 'utf8' }));
    assert.equal(out.ok, false, 'an invalid plan is refused');
    assert.ok(out.problems > 0);
    assert.equal(out.checks, 'function');
    assert.equal(out.title, 'Plan');
    assert.equal(out.from, `file://${join(project, 'node_modules/@samspil/core/dist/index.js')}`, 'the installed copy, not the workspace');
  });

  it('resolves the widgets\' and the React package\'s entries, manifest and editor data', () => {
    writeFileSync(
      join(project, 'resolve.mjs'),
      `const names = ['@samspil/widgets', '@samspil/widgets/plan-card.js', '@samspil/widgets/responsibility-matrix.js', '@samspil/widgets/rc-heatmap.js',
         '@samspil/widgets/events.js', '@samspil/widgets/cdn/samspil-widgets.js', '@samspil/widgets/custom-elements.json',
         '@samspil/widgets/vscode.html-custom-data.json', '@samspil/widgets/api.html', '@samspil/react'];
       console.log(JSON.stringify(names.map((n) => import.meta.resolve(n))));`,
    );
    const urls = JSON.parse(execFileSync(process.execPath, ['resolve.mjs'], { cwd: project, encoding: 'utf8' }));
    for (const url of urls) {
      assert.ok(url.startsWith(`file://${join(project, 'node_modules/@samspil/')}`), url);
      readFileSync(new URL(url)); // exists
    }
    const manifest = JSON.parse(readFileSync(new URL(urls[6]), 'utf8'));
    const tags = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement).map((d) => d.tagName).sort();
    assert.deepEqual(tags, ['samspil-citizen-plan', 'samspil-coordination-overview', 'samspil-plan-card', 'samspil-rc-heatmap', 'samspil-responsibility-matrix']);
    const data = JSON.parse(readFileSync(new URL(urls[7]), 'utf8'));
    assert.equal(data.version, 1.1);
    assert.deepEqual(data.tags.map((t) => t.name).sort(), tags);
  });

  it('type-checks a vendor\'s TypeScript against the installed types (exports\' types conditions)', () => {
    writeFileSync(
      join(project, 'vendor.ts'),
      `import { validate, Plan, type Plan as PlanT } from '@samspil/core';
       import type { SamspilPlanCard, SamspilPlanChangeEvent } from '@samspil/widgets';
       import type { SamspilTieSelectEvent } from '@samspil/widgets/events.js';
       import type { SamspilRcHeatmap } from '@samspil/widgets/rc-heatmap.js';
       export function onChange(card: SamspilPlanCard, e: SamspilPlanChangeEvent): PlanT { card.editable = true; return e.detail.plan; }
       export const tie = (e: SamspilTieSelectEvent, h: SamspilRcHeatmap): string => e.detail.from + String(h.view);
       export const ok: boolean = validate(Plan, {}).ok;
       // @ts-expect-error: the typings are real: editable is a boolean
       export const wrong = (card: SamspilPlanCard) => { card.editable = 'yes'; };`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2023', 'DOM'], noEmit: true, skipLibCheck: true, types: [] }, files: ['vendor.ts'] }),
    );
    const tsc = createRequire(join(root, 'packages/react/package.json')).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', project], { cwd: project, stdio: ['ignore', 'inherit', 'inherit'] });
    assert.ok(readdirSync(join(project, 'node_modules/@samspil')).length === 3);
  });
});
