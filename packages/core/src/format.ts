import type { Locale, Localized } from './findings.js';
import { hasCpr } from './schemas/primitives.js';

/** 1234567.5 → "1.234.567,50 kr." (da) / "DKK 1,234,567.50" (en). Amounts in øre avoid float drift. */
export function formatDkk(oere: number, locale: Locale): string {
  const negative = oere < 0;
  const abs = Math.abs(Math.round(oere));
  const kroner = Math.floor(abs / 100);
  const rest = abs % 100;
  const sep = locale === 'da' ? '.' : ',';
  const dec = locale === 'da' ? ',' : '.';
  const int = String(kroner).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  const num = `${negative ? '-' : ''}${int}${rest ? dec + String(rest).padStart(2, '0') : ''}`;
  return locale === 'da' ? `${num} kr.` : `DKK ${num}`;
}

/** A change in per cent with its sign and one decimal, as Intl writes it: "+37,5 %" (da) / "+37.5%" (en); "–" for none. */
export function formatPercent(percent: number | null | undefined, locale: Locale): string {
  if (percent == null) return '–';
  const rounded = Math.round(percent * 10) / 10;
  const text = `${rounded > 0 ? '+' : rounded < 0 ? '-' : ''}${Math.abs(rounded).toFixed(1)}`;
  return locale === 'da' ? `${text.replace('.', ',')}\u00a0%` : `${text}%`;
}

/** Quote a name from data in the language's own quotation marks. */
export function quoted(text: string, locale: Locale): string {
  return locale === 'da' ? `»${text}«` : `“${text}”`;
}

/** Builds a Localized from one template function, so both languages share one shape. */
export function both(template: (locale: Locale) => string): Localized {
  return { da: template('da'), en: template('en') };
}

/** The longest piece of a refused value a problem quotes. */
export const EXCERPT_LENGTH = 16;

/**
 * A refused value as a problem may quote it: JSON-quoted, at most EXCERPT_LENGTH
 * characters, and its digits masked when it holds a CPR number. A refusal names the
 * rule; the excerpt only helps find the cell, so a huge or personal value never
 * travels back in an answer or a log.
 */
export function excerpt(value: string): string {
  const cut = value.length > EXCERPT_LENGTH ? `${value.slice(0, EXCERPT_LENGTH)}…` : value;
  return JSON.stringify(hasCpr(value) ? cut.replace(/\p{Nd}/gu, '#') : cut);
}
