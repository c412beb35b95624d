// What install and build last saw, so a start on an unchanged tree does neither (a restart
// in about a second rather than twenty). Decided by each file's size and modification time:
// a file that changes gets a new time, so nothing needed is ever skipped; at worst an
// untouched file with a new time builds its package again.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createHash } from 'node:crypto';

/** Never an input: what install, build and tests make (the reflow screenshots), and caches. */
const MADE = new Set(['node_modules', 'dist', '.cache', 'coverage', '.git', '.turbo', 'test-results']);
/** The workspace's folders (pnpm-workspace.yaml: packages/*, bots/*, examples/*). */
const WORKSPACE = ['packages', 'bots', 'examples'];

/** The digest of a folder's inputs: each file's path, size and time, and whether its package's build output is there. */
function folderDigest(dir, root) {
  const hash = createHash('sha1');
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (MADE.has(entry.name)) continue;
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        const s = statSync(path);
        hash.update(`${relative(root, path)}\0${s.size}\0${s.mtimeMs}\n`);
      }
    }
  };
  walk(dir);
  // A build output deleted by hand must be built again.
  hash.update(`dist:${existsSync(join(dir, 'dist'))}`);
  return hash.digest('hex');
}

/**
 * The tree as install and build see it: `install` (the lockfile and every manifest), `shared`
 * (what every build reads: the root's settings, the scripts, folders of the workspace that are
 * not packages), and a digest per package by name.
 */
export function treeState(root) {
  const install = createHash('sha1');
  const shared = createHash('sha1');
  const packages = {};
  for (const file of ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', '.npmrc']) {
    if (existsSync(join(root, file))) install.update(`${file}\0${readFileSync(join(root, file))}\n`);
  }
  for (const file of ['tsconfig.base.json', 'tsconfig.json']) {
    if (existsSync(join(root, file))) shared.update(`${file}\0${readFileSync(join(root, file))}\n`);
  }
  shared.update(folderDigest(join(root, 'scripts'), root));
  for (const top of WORKSPACE.filter((t) => existsSync(join(root, t)))) {
    for (const entry of readdirSync(join(root, top), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = join(root, top, entry.name);
      const manifest = join(dir, 'package.json');
      if (!existsSync(manifest)) {
        shared.update(folderDigest(dir, root));
        continue;
      }
      install.update(`${top}/${entry.name}\0${readFileSync(manifest)}\n`);
      packages[JSON.parse(readFileSync(manifest, 'utf8')).name] = folderDigest(dir, root);
    }
  }
  return { install: install.digest('hex'), shared: shared.digest('hex'), packages };
}

const file = (root) => join(root, 'node_modules', '.samspil-tree.json');

/** What the last install and build left, or undefined (a fresh clone, or a tree set up before this existed). */
export function lastState(root) {
  try {
    return JSON.parse(readFileSync(file(root), 'utf8'));
  } catch {
    return undefined;
  }
}

export function saveState(root, state) {
  if (existsSync(dirname(file(root)))) writeFileSync(file(root), JSON.stringify(state));
}

/**
 * What must run to bring the tree up to date: whether to install, and which packages to build
 * (with their dependents, pnpm's `...name` filter): all when the shared inputs changed or
 * nothing is known.
 */
export function workToDo(root, last = lastState(root), now = treeState(root)) {
  const installed = existsSync(join(root, 'node_modules', '.modules.yaml'));
  const install = !installed || !last || last.install !== now.install;
  if (install || last.shared !== now.shared) return { install, build: 'all', now };
  const changed = Object.keys(now.packages).filter((name) => last.packages?.[name] !== now.packages[name]);
  return { install: false, build: changed, now };
}
