// GET /metrics: off unless asked for, behind its own token when it has one; each metric's
// name and type, and labels that never name a case.
import { describe, expect, it } from 'vitest';
import { memoryLog } from '../src/log.js';
import { startService } from '../src/service.js';
import { createApiKey, createTenant } from '../src/store/tenants.js';

const TOKEN = 'metrics-token-metrics-token-0123456789';

describe('metrics', () => {
  it('is off unless asked for', async () => {
    const service = await startService({ port: 0, dataDir: 'memory://', tokenSecret: 's'.repeat(32), schedulerIntervalMs: 60_000, senderIntervalMs: 60_000, log: memoryLog().log });
    try {
      expect((await fetch(`${service.url}/metrics`)).status).toBe(404);
    } finally {
      await service.stop();
    }
  }, 60_000);

  it('serves each metric in Prometheus text, by route pattern, platform, outcome and reason, behind its token', async () => {
    let clock = new Date();
    const service = await startService({ port: 0, dataDir: 'memory://', tokenSecret: 's'.repeat(32), schedulerIntervalMs: 60_000, senderIntervalMs: 60_000, log: memoryLog().log, metrics: { token: TOKEN }, now: () => clock });
    try {
      await createTenant(service.db, { id: 'aarhus', name: 'Aarhus' });
      const key = await createApiKey(service.db, 'aarhus');
      const api = (method: string, path: string, body?: object) =>
        fetch(`${service.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
      // A case with no coordinator and, weeks later, no activity: the scheduler nudges (to nobody: no team lead).
      expect((await api('PUT', '/cases/SAG-METRIC-1', { departments: ['jobcenter'], openedAt: '2026-01-05T09:00:00+01:00' })).status).toBe(201);
      expect((await api('GET', '/cases/SAG-METRIC-1')).status).toBe(200);
      expect((await api('GET', '/cases/SAG-NONE')).status).toBe(404);
      await service.db.query("INSERT INTO outbox (tenant_id, kind, recipient, payload, dedupe_key, next_attempt_at) VALUES ('aarhus', 'digest', 'lead', '{\"date\":\"2026-12-04\",\"items\":[]}', 'metrics-1', now() - interval '10 minutes'), ('aarhus', 'digest', 'lead', '{\"date\":\"2026-12-05\",\"items\":[]}', 'metrics-2', now() - interval '5 minutes')");
      await service.db.query("INSERT INTO outbox (tenant_id, kind, recipient, payload, dedupe_key, next_attempt_at, status) VALUES ('aarhus', 'digest', 'lead', '{}', 'metrics-dead', now(), 'dead')");
      const before = await (await fetch(`${service.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
      expect(before).toMatch(/samspil_outbox_oldest_pending_seconds (5\d\d|6\d\d)(\.\d+)?\n/);
      // Weeks later the case has stalled.
      clock = new Date(clock.getTime() + 40 * 86_400_000);
      await service.scheduler.tick();
      clock = new Date();
      await service.sender.tick();

      expect((await fetch(`${service.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${service.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      const res = await fetch(`${service.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      const text = await res.text();
      const types = Object.fromEntries([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]));
      expect(types).toMatchObject({
        samspil_http_request_duration_seconds: 'histogram',
        samspil_outbox_messages: 'gauge',
        samspil_outbox_oldest_pending_seconds: 'gauge',
        samspil_outbox_deliveries_total: 'counter',
        samspil_scheduler_run_duration_seconds: 'histogram',
        samspil_scheduler_lag_seconds: 'gauge',
        samspil_nudges_created_total: 'counter',
        samspil_db_connections: 'gauge',
        samspil_nodejs_eventloop_lag_seconds: 'gauge',
      });
      expect(text).toContain('samspil_http_request_duration_seconds_count{method="GET",route="/api/v1/cases/:reference",status="200"} 1');
      expect(text).toContain('samspil_http_request_duration_seconds_count{method="GET",route="/api/v1/cases/:reference",status="404"} 1');
      expect(text).toContain('samspil_outbox_deliveries_total{platform="log",outcome="sent"} 2');
      expect(text).toContain('samspil_outbox_messages{state="dead"} 1');
      expect(text).toContain('samspil_outbox_messages{state="sent"} 2');
      expect(text).toMatch(/samspil_nudges_created_total\{reason="stall\.[a-z-]+"\} [1-9]/);
      expect(text).toMatch(/samspil_scheduler_run_duration_seconds_count [1-9]/);
      expect(text).toMatch(/samspil_db_connections\{state="size"\} 1/);
      // Labels are patterns and codes: no case is named.
      expect(text).not.toContain('SAG-');
    } finally {
      await service.stop();
    }
  }, 60_000);
});
