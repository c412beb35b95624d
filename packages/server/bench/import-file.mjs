// One survey file's import, measured in a process of its own (as the CLI reads one file):
// prints {median, min, first, runs, ratings, problems} as JSON. With a chunk size in bytes,
// the file is streamed in chunks of that size through the same reader (the CLI reads 1 MiB).
import { createReadStream } from 'node:fs';
import { readSurveyFile } from '../dist/cli/input.js';
import { readSurveyStream } from '../dist/survey-stream.js';

const [file, chunk] = process.argv.slice(2);
const read = chunk ? () => readSurveyStream(createReadStream(file, { highWaterMark: Number(chunk) })) : () => readSurveyFile(file);
let t = performance.now();
let survey = await read();
const first = performance.now() - t;
const times = [];
for (let i = 0; i < 5; i++) {
  globalThis.gc?.();
  t = performance.now();
  survey = await read();
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ median: times[2], min: times[0], first, runs: 5, ratings: survey.table.size, problems: survey.problemCount }));
