// The API in a process of its own for the load benchmark (the load generator must
// not share its event loop). Prints one JSON line: {url, key, heavyKey} (heavyKey: another
// municipality's, whose case H-1 takes the heaviest requests).
import pino from 'pino';
import { buildApp } from '../dist/http/app.js';
import { createLog } from '../dist/log.js';
import { upsertCase } from '../dist/store/cases.js';
import { openDb } from '../dist/store/db.js';
import { migrate } from '../dist/store/migrate.js';
import { createApiKey, createTenant } from '../dist/store/tenants.js';

const db = await openDb(process.argv[2] ? { url: process.argv[2] } : { dataDir: 'memory://' });
await migrate(db);
await createTenant(db, { id: 'bench', name: 'Bench' });
const key = await createApiKey(db, 'bench');
await createTenant(db, { id: 'heavy', name: 'Heavy' });
const heavyKey = await createApiKey(db, 'heavy');
await upsertCase(db, 'heavy', 'H-1', { departments: ['jobcenter'] }, new Date());
for (let i = 0; i < 200; i++) {
  await upsertCase(db, 'bench', `SAG-${i}`, { departments: ['jobcenter', 'familie'], participants: [{ person: 'p1', department: 'jobcenter', role: 'caseworker' }] }, new Date());
}
// Logging as the service does (each request, JSON lines), to a file nobody reads.
const log = createLog({ level: 'info', destination: pino.destination('/dev/null') });
const app = await buildApp({ db, tokenSecret: 'b'.repeat(32), rateLimit: 1_000_000, log });
await app.listen({ port: 0, host: '127.0.0.1' });
console.log(JSON.stringify({ url: `http://127.0.0.1:${app.server.address().port}`, key, heavyKey }));
process.on('SIGTERM', async () => {
  await app.close();
  await db.close();
  process.exit(0);
});
