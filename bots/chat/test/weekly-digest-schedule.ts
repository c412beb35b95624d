// The weekly digest's schedule and privacy (issue 27) as both platforms' end-to-end tests check
// them on the seeded Vejle (@samspil/server/testing): the rule is the scheduler's, so the checks
// are one; a platform's test says how it reads a head's digests and checks their words itself.
// Test code only; it lives here because both platforms' tests share it.
import type { RunningService } from '@samspil/server';
import { VEJLE } from '@samspil/server/testing';
import { expect } from 'vitest';
import { personalDataIn } from '../src/privacy.js';

const { heads: HEADS, everyone: EVERYONE, nameOf, references } = VEJLE;

export interface DigestRun {
  service: RunningService;
  /** Moves the service's clock. */
  at(iso: string): void;
  /** A second instance on the same database (PostgreSQL), its turns left to the test. */
  other?: RunningService;
  /** The weekly digests a person got on the platform. */
  digestsTo(person: string): unknown[];
}

/** The weekly digests queued in the outbox, by their dedupe keys. */
export const weeklyRows = async (service: RunningService) => (await service.db.query<{ dedupe_key: string }>("SELECT dedupe_key FROM outbox WHERE kind = 'weekly-digest' ORDER BY dedupe_key")).rows.map((r) => r.dedupe_key);
/** A scheduler turn: the weekly digests it queued. */
export const weeklyTick = async (service: RunningService) => (await service.scheduler.tick()).weeklyDigests;

/** From Sunday 6 December: nothing on Sunday, nor on Monday before working hours. */
export async function expectNothingBeforeMonday(run: DigestRun) {
  expect(await weeklyTick(run.service)).toBe(0);
  run.at('2026-12-07T07:55:00+01:00');
  expect(await weeklyTick(run.service)).toBe(0);
  expect(await weeklyRows(run.service)).toEqual([]);
}

/** Monday's first working tick, with two turns racing: each head's digest once; the team lead who is no head gets none. */
export async function expectOnceForEachHeadOnMonday(run: DigestRun) {
  run.at('2026-12-07T08:05:00+01:00');
  const turns = await Promise.all([run.service.scheduler.tick(), (run.other ?? run.service).scheduler.tick()]);
  expect(turns[0].weeklyDigests + turns[1].weeklyDigests).toBe(3);
  expect(await weeklyRows(run.service)).toEqual(['weekly-digest:vejle:h-fam:2026-12-07', 'weekly-digest:vejle:h-job:2026-12-07', 'weekly-digest:vejle:h-psy:2026-12-07']);
  // Biblioteket's head, not among the people: no digest, and no refusal audited turn after turn.
  expect((await run.service.db.query("SELECT 1 FROM audit_log WHERE action = 'access.denied'")).rows).toEqual([]);
  await run.service.sender.tick();
  for (const head of HEADS) expect(run.digestsTo(head), head).toHaveLength(1);
  expect(run.digestsTo(VEJLE.teamLead)).toEqual([]);
}

/** Turns at each of `times` (later the same week) send nothing more. */
export async function expectNothingMoreAt(run: DigestRun, ...times: string[]) {
  for (const time of times) {
    run.at(time);
    expect(await weeklyTick(run.service)).toBe(0);
  }
  await run.service.sender.tick();
  for (const head of HEADS) expect(run.digestsTo(head), head).toHaveLength(1);
}

/** A clock moved on weeks, to `weekday` and then to the Monday after (4 January 2027): only the week it is in is sent. */
export async function expectOnlyTheWeekItIsIn(run: DigestRun, weekday: string, monday: string) {
  run.at(weekday);
  expect(await weeklyTick(run.service)).toBe(0);
  run.at(monday);
  expect(await weeklyTick(run.service)).toBe(3);
  const rows = await weeklyRows(run.service);
  expect(rows.filter((k) => k.endsWith(':2027-01-04'))).toHaveLength(3);
  expect(rows.filter((k) => /:2026-12-(14|21|28)$/.test(k))).toEqual([]);
  await run.service.sender.tick();
  for (const head of HEADS) expect(run.digestsTo(head), head).toHaveLength(2);
  expect(run.digestsTo(VEJLE.teamLead)).toEqual([]);
}

/** The six digests sent (`texts`) and the service's log name no person and no case; `sample` (a reference) shows the scan finds what it looks for. */
export function expectNoPersonNorCase(texts: string[], logs: string[], sample: string) {
  expect(texts.length).toBe(6);
  expect(personalDataIn(texts, [...EVERYONE.map(nameOf), ...EVERYONE.map((p) => `${p}@`), ...references])).toEqual([]);
  expect(personalDataIn(logs, [...EVERYONE.map(nameOf), ...EVERYONE.map((p) => `${p}@`)])).toEqual([]);
  expect(personalDataIn([{ text: sample }], references)).toHaveLength(1);
}
