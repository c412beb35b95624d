// One survey file's import, measured in a process of its own (as the CLI reads one file):
// prints {median, min, first, runs, ratings, problems} as JSON.
import { readSurveyFile } from '../dist/cli/input.js';

const file = process.argv[2];
let t = performance.now();
let survey = await readSurveyFile(file);
const first = performance.now() - t;
const times = [];
for (let i = 0; i < 5; i++) {
  globalThis.gc?.();
  t = performance.now();
  survey = await readSurveyFile(file);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ median: times[2], min: times[0], first, runs: 5, ratings: survey.table.size, problems: survey.problemCount }));
