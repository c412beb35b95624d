// The worker thread of `importSurvey`: decodes the bytes (strictly UTF-8), reads them with
// core's survey reader, and scores each wave, off the service's event loop.
import { parentPort } from 'node:worker_threads';
import { RcSurveyReader } from '@samspil/core';
import { scoreWaves, type ScoredSurvey } from './survey-import.js';
import { invalidUtf8Offset } from './survey-stream.js';

const port = parentPort!;
const reader = new RcSurveyReader();
const decoder = new TextDecoder('utf-8', { fatal: true });
let offset = 0;
let notUtf8: number | undefined;

port.on('message', (m: { kind: 'chunk'; bytes: Uint8Array } | { kind: 'end' }) => {
  if (m.kind === 'chunk') {
    if (notUtf8 === undefined && !reader.stopped) {
      try {
        reader.push(decoder.decode(m.bytes, { stream: true }));
      } catch {
        notUtf8 = offset + Math.max(0, invalidUtf8Offset(m.bytes));
      }
    }
    offset += m.bytes.byteLength;
    // Once the reading has stopped, the rest of the upload is not wanted.
    if (notUtf8 !== undefined || reader.stopped) return finish();
    return port.postMessage({ kind: 'ack' });
  }
  finish();
});

let sent = false;
function finish(): void {
  if (sent) return;
  sent = true;
  if (notUtf8 === undefined && !reader.stopped) {
    try {
      reader.push(decoder.decode());
    } catch {
      notUtf8 = offset;
    }
  }
  const survey = reader.end();
  const clean = survey.problemCount === 0 && notUtf8 === undefined;
  const result: ScoredSurvey = {
    problems: survey.problems.slice(0, 20),
    problemCount: survey.problemCount,
    stopped: reader.stopped,
    ...(notUtf8 !== undefined ? { notUtf8 } : {}),
    hasWaves: survey.hasWaves,
    ...(clean ? scoreWaves(survey) : { waves: [], ratings: survey.table.size, results: [] }),
  };
  port.postMessage({ kind: 'done', survey: result });
}
