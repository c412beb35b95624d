// The composition root serves the monorepo's example hosts and the widgets' bundle (the
// server package knows nothing of these folders), and logs JSON lines beside its banner.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const main = new URL('../dist/main.js', import.meta.url).pathname;

describe('npm start', () => {
  it('serves the example hosts, the widgets bundle and / as a vendor page would load them', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'samspil-pages-')), 'data');
    const child = spawn(process.execPath, [main], { env: { PATH: process.env.PATH!, PORT: '0', SAMSPIL_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk;
          const found = /Example host \(a vendor's case view\): (http:\/\/[^/]+)\//.exec(out);
          if (found && out.includes('Ctrl+C stops it.')) resolve(found[1]!);
        });
        child.on('exit', () => reject(new Error(`exited before it ran:\n${out}`)));
      });
      const host = await fetch(`${url}/examples/host-vanilla/index.html`);
      expect(host.status).toBe(200);
      const page = await host.text();
      expect(page).toContain('samspil-plan-card');
      const script = /src="\.\.\/\.\.(\/packages\/widgets\/dist\/[^"]+)"/.exec(page)?.[1];
      expect(script).toBe('/packages/widgets/dist/cdn/samspil-widgets.js');
      const bundle = await fetch(`${url}${script}`);
      expect(bundle.status).toBe(200);
      expect(bundle.headers.get('content-type')).toContain('javascript');
      // The widgets' API reference, beside the hosts: a table per kind for each element, from the manifest.
      const api = await fetch(`${url}/widgets/api`);
      expect(api.status).toBe(200);
      expect(api.headers.get('content-type')).toContain('text/html');
      const reference = await api.text();
      for (const tag of ['samspil-plan-card', 'samspil-responsibility-matrix', 'samspil-rc-heatmap']) expect(reference).toContain(`id="${tag}"`);
      expect(reference).toContain('<code>samspil-plan-change</code>');
      expect(reference).toContain('<code>::part(wishes)</code>');
      expect(reference).toContain('<code>--samspil-rc-cell-width</code>');
      const css = await fetch(new URL(/href="([^"]+\.css)"/.exec(reference)![1]!, `${url}/widgets/api`));
      expect(css.status).toBe(200);
      expect(css.headers.get('content-type')).toContain('text/css');
      const root = await fetch(`${url}/`, { redirect: 'manual' });
      expect(root.status).toBe(302);
      expect(root.headers.get('location')).toBe('/examples/host-vanilla/index.html');
      // The log: JSON lines (pino), the demo's loading among them.
      const logged = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string });
      expect(logged.map((l) => l.msg)).toContain('loaded the demo municipality (fictional data)');
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
