import { firstProblem, type Schema, type SchemaOutput } from '@samspil/core';
import { html, type TemplateResult } from 'lit';
import type { Locale } from './localize.js';

/** Where the first problem is (`interventions[2].department`; empty for the root). */
export interface Problem {
  path: string;
}

export type Checked<T> = { state: 'empty' } | { state: 'invalid'; issue: Problem } | { state: 'valid'; value: T };

/**
 * Validates a property value once per value (widgets re-render often; the data
 * changes rarely). `null`/`undefined` is the empty state, not an error.
 */
export class Validated<S extends Schema> {
  #input: unknown = Symbol('none');
  #result: Checked<SchemaOutput<S>> = { state: 'empty' };

  constructor(
    private readonly schema: S,
    /**
     * A fast check that accepts exactly what the schema accepts, for data too large to parse with
     * the schema on every change; what it rejects goes to the schema, which finds the path.
     */
    private readonly accepts?: (input: unknown) => input is SchemaOutput<S>,
  ) {}

  check(input: unknown): Checked<SchemaOutput<S>> {
    if (input === this.#input) return this.#result;
    this.#input = input;
    if (input === null || input === undefined) return (this.#result = { state: 'empty' });
    let valid = false;
    try {
      valid = !!this.accepts?.(input);
    } catch {
      // a throwing getter: the schema reports it
    }
    if (valid) return (this.#result = { state: 'valid', value: input as SchemaOutput<S> });
    const result = firstProblem(this.schema, input);
    this.#result = result.ok ? { state: 'valid', value: result.value } : { state: 'invalid', issue: { path: result.path } };
    return this.#result;
  }
}

const invalidText: Record<Locale, (path: string) => string> = {
  da: (path) => `Data kan ikke vises: fejl i ${path || 'roden'}.`,
  en: (path) => `The data cannot be shown: problem at ${path || 'the root'}.`,
};

/**
 * The error state: an alert naming the path of the first problem, under `property` when the
 * problem is in another input than the main one. Text only; data never becomes markup.
 */
export function renderInvalid(issue: Problem, locale: Locale, property = ''): TemplateResult {
  const path = property + (property && issue.path && issue.path[0] !== '[' ? '.' : '') + issue.path;
  return html`<div role="alert" part="error">${invalidText[locale](path)}</div>`;
}

/** The empty state. */
export function renderEmpty(text: string): TemplateResult {
  return html`<p part="empty" class="empty">${text}</p>`;
}
