// Writes one JSON Schema (draft 2020-12) per top-level core type into dist/schemas/,
// from the zod schemas themselves so the two can never disagree.
import { mkdirSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { topLevelSchemas } from '../dist/index.js';

const dir = new URL('../dist/json-schema/', import.meta.url);
mkdirSync(dir, { recursive: true });
for (const [name, schema] of Object.entries(topLevelSchemas)) {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  json.$id = `https://samspil.dk/schemas/${name}.schema.json`;
  json.title = name;
  writeFileSync(new URL(`${name}.schema.json`, dir), JSON.stringify(json, null, 2) + '\n');
}
console.log(`wrote ${Object.keys(topLevelSchemas).length} JSON Schemas to dist/json-schema/`);
