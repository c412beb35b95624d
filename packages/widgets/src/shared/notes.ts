import type { Severity } from '@samspil/core';
import { html, type TemplateResult } from 'lit';
import type { Locale } from './localize.js';

const severities: Record<Locale, Record<Severity, string>> = {
  da: { error: 'Fejl', warning: 'Advarsel', info: 'Bemærk' },
  en: { error: 'Error', warning: 'Warning', info: 'Note' },
};

/**
 * A finding or a warning as text: its severity in words (not by colour alone; the class
 * `error`, `warning` or `info` colours it), then the text, which never becomes markup.
 */
export function renderNote(severity: Severity, text: string, locale: Locale, part = 'finding'): TemplateResult {
  return html`<p part=${part} class=${severity}><strong>${severities[locale][severity]}:</strong> ${text}</p>`;
}
