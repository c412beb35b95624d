import { Department, Person, validate, type Schema } from '@samspil/core';
import type { Checked } from '../shared/validation.js';

type Field = readonly [name: string, schema: Schema, optional?: boolean];

/**
 * Validates a list of records field by field with the fields' schemas from core, once per value,
 * naming the path of the first problem (`[2].name`) like `Validated`. A stopgap:
 * zod is core's dependency, so the widgets cannot compose `z.array(z.object(...))`;
 * once core exports list schemas for department names and people, use `Validated`.
 */
export class ValidatedList<T> {
  #input: unknown = Symbol('none');
  #result: Checked<T[]> = { state: 'empty' };

  constructor(private readonly fields: readonly Field[]) {}

  check(input: unknown): Checked<T[]> {
    if (input === this.#input) return this.#result;
    this.#input = input;
    try {
      return (this.#result = this.#check(input));
    } catch (error) {
      return (this.#result = { state: 'invalid', issue: { path: '', pathSegments: [], message: `unreadable input: ${(error as Error).message}` } });
    }
  }

  #check(input: unknown): Checked<T[]> {
    if (input === null || input === undefined) return { state: 'empty' };
    const issue = (path: PropertyKey[], message: string): Checked<T[]> => ({
      state: 'invalid',
      issue: { path: path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join(''), pathSegments: path, message },
    });
    if (!Array.isArray(input)) return issue([], `expected array, received ${typeof input}`);
    const out: Record<string, string>[] = [];
    for (const [i, item] of input.entries()) {
      if (typeof item !== 'object' || item === null) return issue([i], `expected object, received ${item === null ? 'null' : typeof item}`);
      const record: Record<string, string> = {};
      for (const [name, schema, optional] of this.fields) {
        const value: unknown = (item as Record<string, unknown>)[name];
        if (value === undefined && optional) continue;
        const r = validate(schema, value);
        if (!r.ok) return issue([i, name], r.issues[0]!.message);
        if (r.value !== undefined) record[name] = r.value as string;
      }
      out.push(record);
    }
    return { state: 'valid', value: out as T[] };
  }
}

/** `{ id, name }`: a department's display name. */
export const departmentFields: Field[] = [
  ['id', Department.shape.id],
  ['name', Department.shape.name],
];

/** `{ id, name, department?, title? }`: a professional; whole core `Person` objects fit. */
export const personFields: Field[] = [
  ['id', Person.shape.id],
  ['name', Person.shape.name],
  ['department', Person.shape.department, true],
  ['title', Person.shape.title],
];
