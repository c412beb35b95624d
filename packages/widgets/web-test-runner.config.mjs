import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { fileURLToPath } from 'node:url';
import { cdnSizes } from './scripts/cdn-sizes.mjs';
import { fakeApi } from './test/fake-api.mjs';

/** The policy of a vendor with a strict CSP: the widgets must work under it without one violation (test/csp.test.ts). */
export const STRICT_CSP = "default-src 'self'; style-src 'self'; require-trusted-types-for 'script'";

/** Serves the pages under test/csp/ with STRICT_CSP. */
async function strictCsp(ctx, next) {
  await next();
  if (ctx.path.startsWith('/packages/widgets/test/csp/')) ctx.set('Content-Security-Policy', STRICT_CSP);
}

/**
 * executeServerCommand('screenshot', { name, selector? }): writes test-results/<name>.png (the page,
 * or the first element matching selector) for a person to look at. Names are folders and words only.
 */
const screenshots = {
  name: 'screenshot',
  async executeCommand({ command, payload, session }) {
    if (command !== 'screenshot') return undefined;
    if (!/^[\w-]+(\/[\w-]+)*$/.test(payload?.name ?? '')) throw new Error(`not a screenshot name: ${payload?.name}`);
    const page = session.browser.getPage(session.id);
    const path = fileURLToPath(new URL(`test-results/${payload.name}.png`, import.meta.url));
    if (payload.selector) await page.locator(payload.selector).first().screenshot({ path });
    else await page.screenshot({ path, fullPage: true });
    return true;
  },
};

/** executeServerCommand('cdn-sizes'): the CDN bundle's files with their sizes (scripts/cdn-sizes.mjs), for test/cdn.test.ts. */
const cdnSizesCommand = {
  name: 'cdn-sizes',
  executeCommand: ({ command }) => (command === 'cdn-sizes' ? cdnSizes() : undefined),
};

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default {
  // The repository root, so the host test can load examples/host-vanilla and the CDN bundle.
  rootDir: '../..',
  files: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  middleware: [fakeApi, strictCsp],
  nodeResolve: { exportConditions: ['browser', 'production'] },
  plugins: [screenshots, cdnSizesCommand, esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      },
    }),
  ],
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 300000,
};
