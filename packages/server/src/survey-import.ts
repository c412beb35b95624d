// An RC survey upload read off the event loop: the bytes go to a worker thread as they
// arrive (at most a few chunks in flight, so memory stays bounded), which decodes, reads,
// checks and scores them; the service thread only carries bytes and stores the result.
import { CodedError, ErrorCode } from './errors.js';
import { Worker } from 'node:worker_threads';
import { scoreRc, type RcResult, type RcSurvey, type RcSurveyProblem } from '@samspil/core';

/** What the worker sends back: the survey's problems, or its scored result per wave. */
export interface ScoredSurvey {
  problems: RcSurveyProblem[];
  problemCount: number;
  /** Reading stopped at a fatal problem (a record too long): the first problem says where. */
  stopped: boolean;
  /** The file is not UTF-8: the byte offset of the first bad byte. */
  notUtf8?: number;
  hasWaves: boolean;
  waves: string[];
  ratings: number;
  results: { wave: string; result: RcResult }[];
}

/** A read survey's result per wave (one, wave '', without a wave column): what is stored. */
export function scoreWaves(survey: RcSurvey): Pick<ScoredSurvey, 'waves' | 'ratings' | 'results'> {
  const waves = survey.hasWaves ? [...survey.table.waves] : [];
  return { waves, ratings: survey.table.size, results: (waves.length ? waves : ['']).map((wave) => ({ wave, result: scoreRc(survey.table, wave ? { wave } : {}) })) };
}

/** Raised when more bytes arrive than the limit allows; the rest is not read. */
export class TooLargeError extends CodedError {
  constructor(readonly limit: number) {
    super(ErrorCode.TooLarge, `the upload is larger than ${limit.toLocaleString('en')} bytes`);
  }
}

// The worker is compiled JavaScript beside this file in dist/ (tests run from src/ after the build).
const WORKER = new URL(import.meta.url.includes('/src/') ? import.meta.url.replace('/src/', '/dist/').replace(/survey-import\.ts$/, 'survey-worker.js') : './survey-worker.js', import.meta.url);
const IN_FLIGHT = 8;

/**
 * Reads and scores a survey from a byte stream in a worker thread. Counts the bytes as
 * they come: past `limit` it stops reading (TooLargeError); when the worker stops early
 * (a record too long), the rest of the stream is not read either.
 */
export async function importSurvey(chunks: AsyncIterable<Uint8Array>, limit: number): Promise<ScoredSurvey> {
  const worker = new Worker(WORKER);
  let acked = 0;
  let sent = 0;
  let wake: (() => void) | undefined;
  let finished: ScoredSurvey | undefined;
  let failed: Error | undefined;
  const done = new Promise<ScoredSurvey>((resolve, reject) => {
    worker.on('message', (m: { kind: 'ack' } | { kind: 'done'; survey: ScoredSurvey }) => {
      if (m.kind === 'ack') acked++;
      else resolve((finished = m.survey));
      wake?.();
    });
    worker.on('error', (error) => {
      reject((failed = error));
      wake?.();
    });
  });
  done.catch(() => {});
  try {
    let bytes = 0;
    for await (const chunk of chunks) {
      bytes += chunk.byteLength;
      if (bytes > limit) throw new TooLargeError(limit);
      // A copy of its own, so its memory can move to the worker.
      const copy = new Uint8Array(chunk);
      worker.postMessage({ kind: 'chunk', bytes: copy }, [copy.buffer]);
      sent++;
      while (sent - acked >= IN_FLIGHT && !finished && !failed) await new Promise<void>((resolve) => (wake = resolve));
      if (finished || failed) break; // the worker stopped reading (or failed): the rest is not needed
    }
    worker.postMessage({ kind: 'end' });
    return await done;
  } finally {
    await worker.terminate();
  }
}
