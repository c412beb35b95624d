// A small static file server on loopback for the example hosts and the browser
// benchmark. Serves files below `root` only.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.json': 'application/json', '.map': 'application/json', '.svg': 'image/svg+xml', '.csv': 'text/csv' };

/** Starts serving `root` (and `aliases`: URL prefix → folder); resolves with the server and its base URL. */
export async function serveStatic(root, { port = 0, aliases = {}, index = '/' } = {}) {
  const server = createServer(async (req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname));
    if (path === '/' && index !== '/') path = index;
    const alias = Object.keys(aliases).find((prefix) => path.startsWith(prefix));
    const base = alias ? aliases[alias] : root;
    const file = join(base, alias ? path.slice(alias.length) : path);
    if (!file.startsWith(normalize(base + sep)) && file !== normalize(base)) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}
