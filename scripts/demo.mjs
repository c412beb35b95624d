// `npm run demo`: serves the example hosts, a stand-in for a vendor's case system.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from './static-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { url } = await serveStatic(root, { port: Number(process.env.PORT ?? 8080) });
console.log(`Example hosts (Ctrl+C stops):\n  plain HTML: ${url}/examples/host-vanilla/index.html\n  React:      ${url}/examples/host-react/index.html`);
