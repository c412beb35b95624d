import { formatPercent, rcBandLabel, type Finding, type RcComparison, type RcResult, type StallReason } from '@samspil/core';
import { settingsView } from '../usecases/chat-settings.js';
import type { LinkedWorkspace } from '../store/chat.js';
import type { ApiKeyInfo, TenantSummary } from '../store/tenants.js';

// Plain-text renderings for people at a terminal; `--json` is the machine format.

const num = (x: number | null, digits = 2) => (x === null ? '–' : x.toFixed(digits));
const signed = (x: number | null) => (x === null ? '–' : `${x >= 0 ? '+' : ''}${x.toFixed(2)}`);

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

export function formatRcResult(r: RcResult): string {
  const rows = [['from', 'to', 'n', 'score', 'band']];
  // The bands in the sources' words (High / Middle / Low); --json keeps the values strong, moderate, weak.
  for (const t of r.ties) rows.push([t.from, t.to, String(t.n), t.suppressed ? 'suppressed' : num(t.score), t.band ? rcBandLabel(t.band, 'en') : '']);
  const lines = [
    `Relational coordination: ${r.groups.length} groups, ${r.ratings.counted} of ${r.ratings.total} ratings counted (${r.ratings.excluded} excluded)`,
    `Overall (between groups): ${num(r.overall)}`,
    '',
    table(rows),
  ];
  if (r.asymmetries.length) {
    lines.push('', 'Asymmetric pairs (score a→b minus b→a):');
    for (const a of r.asymmetries) lines.push(`  ${a.a} ↔ ${a.b}: ${signed(a.gap)}`);
  }
  return lines.join('\n');
}

export function formatRcComparison(c: RcComparison): string {
  // The change as the sources give it too: relative to the first wave.
  const rows = [['from', 'to', c.waves.from, c.waves.to, 'change', 'change %']];
  for (const t of c.ties) {
    const side = (s: RcComparison['ties'][number]['before']) => (s === null ? '–' : s.suppressed ? 'suppressed' : num(s.score));
    rows.push([t.from, t.to, side(t.before), side(t.after), signed(t.delta), formatPercent(t.deltaPercent, 'en')]);
  }
  const overall = c.overall.delta === null ? '–' : `${signed(c.overall.delta)}, ${formatPercent(c.overall.deltaPercent, 'en')}`;
  return [
    `Relational coordination, ${c.waves.from} → ${c.waves.to}`,
    `Overall: ${num(c.overall.before)} → ${num(c.overall.after)} (${overall})`,
    '',
    table(rows),
  ].join('\n');
}

export function formatFindings(findings: Finding[]): string {
  if (findings.length === 0) return 'No findings.';
  return findings.map((f) => `${f.severity.padEnd(7)} ${f.code}${f.path ? ` (${f.path})` : ''}: ${f.message.en}`).join('\n');
}

export function formatStall(now: string, cases: { reference: string; stalled: boolean; reasons: StallReason[] }[]): string {
  const stalled = cases.filter((c) => c.stalled);
  const lines = [`${stalled.length} of ${cases.length} cases stalled at ${now}`];
  for (const c of stalled) {
    lines.push('', c.reference);
    for (const r of c.reasons) lines.push(`  ${r.code} since ${r.since}: ${r.message.en}`);
  }
  return lines.join('\n');
}

/** A time to the second, in UTC: what `--json` gives, shorter. */
export const time = (at: Date | null): string => (at === null ? '–' : at.toISOString().replace(/\.\d{3}Z$/, 'Z'));
const days = (list: string[]) => (list.length ? list.join(', ') : '–');

export function formatTenants(tenants: TenantSummary[]): string {
  if (!tenants.length) return 'no tenants (samspil tenant create ID --name NAME adds one)';
  return table([['id', 'name', 'keys', 'closing days', 'created'], ...tenants.map((t) => [t.id, t.name, String(t.keys.active), days(t.closingDays), time(t.createdAt)])]);
}

export function formatTenant(t: TenantSummary, workspaces: LinkedWorkspace[]): string {
  const rows = [
    ['id', t.id],
    ['name', t.name],
    ['closing days', days(t.closingDays)],
    ['created', time(t.createdAt)],
    ['API keys', `${t.keys.active} in force, ${t.keys.revoked} revoked`],
    ...(workspaces.length ? workspaces.map((w, i) => [i ? '' : 'workspaces', `${w.platform} ${w.workspaceId} (linked ${time(w.linkedAt)})`]) : [['workspaces', '–']]),
  ];
  return table(rows);
}

export function formatKeys(tenant: string, keys: ApiKeyInfo[]): string {
  if (!keys.length) return `tenant ${tenant} has no API keys (samspil key create --tenant ${tenant} makes one)`;
  return table([
    ['id', 'label', 'rate limit', 'created', 'last used', 'revoked'],
    ...keys.map((k) => [k.id, k.label || '–', k.rateLimit === null ? 'default' : `${k.rateLimit}/min`, time(k.createdAt), k.lastUsedAt ? time(k.lastUsedAt) : 'never', time(k.revokedAt)]),
  ]);
}

export function formatWorkspaces(workspaces: LinkedWorkspace[]): string {
  if (!workspaces.length) return 'no linked workspaces';
  const settings = (w: LinkedWorkspace) =>
    Object.entries(settingsView(w.settings))
      .map(([key, value]) => `${key} ${value}`)
      .join(', ') || '–';
  return table([['platform', 'workspace', 'tenant', 'linked', 'settings'], ...workspaces.map((w) => [w.platform, w.workspaceId, w.tenant, time(w.linkedAt), settings(w)])]);
}
