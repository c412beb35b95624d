// RC surveys uploaded as CSV: read and scored off the event loop by the caller (survey-import.ts),
// stored here with their audit entry.
import type { RcResult } from '@samspil/core';
import { audit, type Actor } from '../store/audit.js';
import { saveSurvey } from '../store/surveys.js';
import type { SurveySummary } from '../views.js';
import type { UseCaseDeps } from './outcome.js';

/** Stores a scored survey (its result per wave) under `name`. */
export async function uploadSurvey({ db }: UseCaseDeps, actor: Actor, name: string, scored: { waves: string[]; ratings: number; results: { wave: string; result: RcResult }[] }): Promise<SurveySummary> {
  return db.transaction(async (tx) => {
    const saved = await saveSurvey(tx, actor.tenant, name, scored);
    await audit(tx, actor, 'rc-survey.upload', null, { survey: saved.id, ratings: saved.ratings });
    return saved;
  });
}
