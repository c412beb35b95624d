import { validate, type Schema, type SchemaOutput, type ValidationIssue } from '@samspil/core';
import { html, type TemplateResult } from 'lit';
import type { Locale } from './localize.js';

export type Checked<T> = { state: 'empty' } | { state: 'invalid'; issue: ValidationIssue } | { state: 'valid'; value: T };

/**
 * Validates a property value once per value (widgets re-render often; the data
 * changes rarely). `null`/`undefined` is the empty state, not an error.
 */
export class Validated<S extends Schema> {
  #input: unknown = Symbol('none');
  #result: Checked<SchemaOutput<S>> = { state: 'empty' };

  constructor(private readonly schema: S) {}

  check(input: unknown): Checked<SchemaOutput<S>> {
    if (input === this.#input) return this.#result;
    this.#input = input;
    if (input === null || input === undefined) return (this.#result = { state: 'empty' });
    const result = validate(this.schema, input);
    this.#result = result.ok ? { state: 'valid', value: result.value } : { state: 'invalid', issue: result.issues[0]! };
    return this.#result;
  }
}

const invalidText: Record<Locale, (path: string, message: string) => string> = {
  da: (path, message) => `Data kan ikke vises: fejl i ${path || 'roden'} (${message}).`,
  en: (path, message) => `The data cannot be shown: problem at ${path || 'the root'} (${message}).`,
};

/** The error state: an alert naming the path of the first problem. Text only; data never becomes markup. */
export function renderInvalid(issue: ValidationIssue, locale: Locale): TemplateResult {
  return html`<div role="alert" part="error" class="error">${invalidText[locale](issue.path, issue.message)}</div>`;
}

/** The empty state. */
export function renderEmpty(text: string): TemplateResult {
  return html`<p part="empty" class="empty">${text}</p>`;
}
