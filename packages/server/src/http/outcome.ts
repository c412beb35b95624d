// A use case's refusal as the API answers it: one status for each reason.
import type { Outcome, Refusal } from '../usecases/index.js';
import type { WaveOutcome } from '../usecases/waves.js';
import { Problem, type ProblemStatus } from './problem.js';

/** A refusal's status: 404 for what does not exist, 409 for what the case's state forbids. */
const STATUS: Record<Refusal['reason'], ProblemStatus> = {
  'not-found': 404,
  'nudge-not-found': 404,
  forbidden: 403,
  'not-on-case': 403,
  'personal-data': 422,
  invalid: 422,
  'version-required': 428,
  'consent-missing': 409,
  'no-consent': 409,
  stale: 409,
  exists: 409,
};

/** A use case's answer, or its refusal thrown as a problem. */
export function outcome<T>(r: Outcome<T>): T {
  if (r.ok) return r;
  const { reason, detail, field, missing, currentVersion } = r;
  throw new Problem(STATUS[reason], field ? `body ${field}: ${detail}` : detail, { reason, ...(missing ? { missing } : {}), ...(currentVersion !== undefined ? { currentVersion } : {}) });
}

/** A refusal of the waves' use cases as a problem naming the field at fault. */
export function waveOutcome<T>(r: WaveOutcome<T>): T {
  if (r.ok) return r;
  const status = r.reason === 'not-found' ? 404 : r.reason === 'forbidden' ? 403 : r.reason === 'invalid' ? 422 : 409;
  throw new Problem(status, r.field ? `${r.field}: ${r.detail}` : r.detail, { reason: r.reason, ...(r.field ? { errors: [{ path: r.field, message: r.detail }] } : {}) });
}
