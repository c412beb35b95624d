import { compareResults, type RcComparison, type RcResult } from '@samspil/core';
import type { SurveySummary } from '../views.js';
import { isSerialId, type Db } from './db.js';

/** Stores a survey's scored result per wave (one result, wave '', without a wave column). */
export async function saveSurvey(db: Db, tenant: string, name: string, survey: { waves: string[]; ratings: number; results: { wave: string; result: RcResult }[] }): Promise<SurveySummary> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; uploaded_at: Date }>(
      'INSERT INTO rc_surveys (tenant_id, name, waves, ratings) VALUES ($1, $2, $3, $4) RETURNING id::text AS id, uploaded_at',
      [tenant, name, survey.waves, survey.ratings],
    );
    const id = rows[0]!.id;
    for (const { wave, result } of survey.results) await tx.query('INSERT INTO rc_results (survey_id, wave, result) VALUES ($1, $2, $3)', [id, wave, JSON.stringify(result)]);
    return { id, name, waves: survey.waves, ratings: survey.ratings, uploadedAt: new Date(rows[0]!.uploaded_at).toISOString() };
  });
}

/** Adds a scored wave to a stored survey: a series of waves over the same groups, compared wave to wave. */
export async function addSurveyWave(db: Db, surveyId: string, wave: string, ratings: number, result: RcResult): Promise<void> {
  await db.query('UPDATE rc_surveys SET waves = array_append(waves, $2), ratings = ratings + $3 WHERE id = $1', [surveyId, wave, ratings]);
  await db.query('INSERT INTO rc_results (survey_id, wave, result) VALUES ($1, $2, $3)', [surveyId, wave, JSON.stringify(result)]);
}

/** A tenant's survey by id, or (`latest`) the one made last. */
export async function findSurvey(db: Db, tenant: string, id: string | 'latest'): Promise<SurveySummary | undefined> {
  if (id !== 'latest' && !isSerialId(id)) return undefined;
  const { rows } = await db.query<{ id: string; name: string; waves: string[]; ratings: number; uploaded_at: Date }>(
    'SELECT id::text AS id, name, waves, ratings, uploaded_at FROM rc_surveys WHERE tenant_id = $1 AND ($2::bigint IS NULL OR id = $2) ORDER BY id DESC LIMIT 1',
    [tenant, id === 'latest' ? null : id],
  );
  const r = rows[0];
  return r && { id: r.id, name: r.name, waves: r.waves, ratings: r.ratings, uploadedAt: new Date(r.uploaded_at).toISOString() };
}

export async function surveyResult(db: Db, surveyId: string, wave: string): Promise<RcResult | undefined> {
  const { rows } = await db.query<{ result: RcResult }>('SELECT result FROM rc_results WHERE survey_id = $1 AND wave = $2', [surveyId, wave]);
  return rows[0]?.result;
}

export async function compareWaves(db: Db, surveyId: string, from: string, to: string): Promise<RcComparison | undefined> {
  const [before, after] = await Promise.all([surveyResult(db, surveyId, from), surveyResult(db, surveyId, to)]);
  return before && after ? compareResults(before, after, { from, to }) : undefined;
}
