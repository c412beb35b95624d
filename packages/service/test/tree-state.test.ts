// npm start's set-up does only what changed (scripts/tree-state.mjs): on a tree of the
// workspace's shape, what a change to each kind of input makes it do.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs script of the root, without types
import { saveState, treeState, workToDo } from '../../../scripts/tree-state.mjs';

interface Work {
  install: boolean;
  build: 'all' | string[];
}

const root = mkdtempSync(join(tmpdir(), 'samspil-tree-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const write = (path: string, text: string) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
};
const work = (): Work => {
  const { install, build } = workToDo(root) as Work;
  return { install, build };
};
const settle = () => saveState(root, treeState(root));
/** A file's time moved on, as an editor's save does. */
const touch = (path: string, seconds: number) => utimesSync(join(root, path), seconds, seconds);

describe("npm start's set-up", () => {
  write('package.json', '{"name":"root"}');
  write('pnpm-lock.yaml', 'lockfileVersion: 9');
  write('tsconfig.base.json', '{}');
  write('scripts/run.mjs', '');
  for (const name of ['core', 'server']) {
    write(`packages/${name}/package.json`, JSON.stringify({ name: `@samspil/${name}` }));
    write(`packages/${name}/src/index.ts`, 'export {};');
    write(`packages/${name}/dist/index.js`, '');
  }
  write('examples/data/plan.json', '{}');

  it('installs and builds everything when nothing is known (a fresh clone)', () => {
    expect(work()).toEqual({ install: true, build: 'all' });
    write('node_modules/.modules.yaml', '');
    expect(work()).toEqual({ install: true, build: 'all' }); // installed before, but by whom is not known
  });

  it('does nothing on an unchanged tree', () => {
    settle();
    expect(work()).toEqual({ install: false, build: [] });
    expect(work()).toEqual({ install: false, build: [] });
  });

  it('builds a package whose source changed (with its dependents, by pnpm), and only that', () => {
    touch('packages/core/src/index.ts', 2_000_000_000);
    expect(work()).toEqual({ install: false, build: ['@samspil/core'] });
    settle();
    write('packages/server/src/new.ts', 'export const x = 1;');
    expect(work()).toEqual({ install: false, build: ['@samspil/server'] });
    settle();
  });

  it('builds a package again whose output was deleted', () => {
    rmSync(join(root, 'packages/server/dist'), { recursive: true });
    expect(work()).toEqual({ install: false, build: ['@samspil/server'] });
    write('packages/server/dist/index.js', '');
    settle();
  });

  it('builds everything when what every build reads changed: the root settings, the scripts, a shared folder', () => {
    for (const path of ['tsconfig.base.json', 'scripts/run.mjs', 'examples/data/plan.json']) {
      write(path, `${path} changed`);
      expect(work(), path).toEqual({ install: false, build: 'all' });
      settle();
    }
  });

  it('installs when the lockfile or a manifest changed', () => {
    write('pnpm-lock.yaml', 'lockfileVersion: 9\n# a new dependency');
    expect(work()).toEqual({ install: true, build: 'all' });
    settle();
    write('packages/core/package.json', JSON.stringify({ name: '@samspil/core', dependencies: { zod: '^4' } }));
    expect(work()).toEqual({ install: true, build: 'all' });
    settle();
    expect(work()).toEqual({ install: false, build: [] });
  });
});
