import type { ReactiveController, ReactiveControllerHost } from 'lit';

export type Locale = 'da' | 'en';

// Building an Intl formatter costs far more than using one: keep one per kind and language (the dates; the numbers' rare forms).
const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let f = formats.get(key) as F | undefined;
  if (!f) formats.set(key, (f = make()));
  return f;
}
const tag = (locale: Locale) => (locale === 'da' ? 'da-DK' : 'en-GB');

// The numbers (one decimal) are written without Intl: the first Intl.NumberFormat of a page costs
// 20-30 ms (ICU's locale data), more than drawing the heatmap. They match what Intl.NumberFormat
// writes, digit for digit (a test compares them over thousands of values in both languages): its
// rounding is of the number's shortest decimal form (what String() gives), half away from zero,
// so 1.15 is 1,2 where toFixed(1) would give 1.1.
const SEPARATORS: Record<Locale, { decimal: string; group: string; percent: string }> = {
  da: { decimal: ',', group: '.', percent: '\u00a0%' },
  en: { decimal: '.', group: ',', percent: '%' },
};

/** The decimal digits of `digits` plus one in the last place ("129" → "130", "99" → "100"). */
function increment(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits[i] === '9') i--;
  return i < 0 ? `1${'0'.repeat(digits.length)}` : digits.slice(0, i) + String(Number(digits[i]) + 1) + '0'.repeat(digits.length - i - 1);
}

/**
 * |x| × 10^shift (shift 0 or 2) to one decimal, as tenths' digits (4,25 → "43"), rounded as ICU
 * rounds; undefined from 1e21 (left to Intl). Below 1e-6 (an exponent in its shortest form, as a
 * difference of equal scores may be) it is 0,0.
 */
function tenths(x: number, shift: number): string | undefined {
  const text = String(Math.abs(x));
  if (text.includes('e')) return Math.abs(x) < 1 ? '00' : undefined;
  const [whole = '', fraction = ''] = text.split('.');
  const digits = (whole + fraction.padEnd(shift + 2, '0')).slice(0, whole.length + shift + 2);
  const kept = digits.slice(0, -1).replace(/^0+(?=\d\d)/, '');
  return digits.at(-1)! >= '5' ? increment(kept) : kept;
}

/** Tenths' digits written in the language's style: "123456" → 12.345,6 (da) or 12,345.6 (en). */
function written(digits: string, locale: Locale): string {
  const { decimal, group } = SEPARATORS[locale];
  const whole = digits.slice(0, -1) || '0';
  return whole.replace(/\B(?=(\d{3})+$)/g, group) + decimal + digits.slice(-1);
}

/** The sign Intl writes: `exceptZero` gives + and - but none for what rounds to zero; `auto` - for anything negative, -0 too. */
function sign(x: number, digits: string, signed: boolean): string {
  const zero = !/[1-9]/.test(digits);
  if (signed) return zero ? '' : x > 0 ? '+' : '-';
  return x < 0 || Object.is(x, -0) ? '-' : '';
}

/** A number to one decimal in the language's style (4,2 / 4.2); `signed` gives +0,3 / -0,3. */
export function formatNumber(value: number, locale: Locale, signed = false): string {
  const digits = Number.isFinite(value) ? tenths(value, 0) : undefined;
  if (digits !== undefined) return sign(value, digits, signed) + written(digits, locale);
  return cached(`n${locale}${signed}`, () =>
    new Intl.NumberFormat(tag(locale), { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: signed ? 'exceptZero' : 'auto' }),
  ).format(value);
}

/** A change in per cent, to one decimal and signed, in the language's style: +7,5 % / +7.5%. */
export function formatPercent(value: number, locale: Locale): string {
  // Intl is given the fraction (value / 100) and moves the point back in its decimal form; so does this.
  const fraction = value / 100;
  const digits = Number.isFinite(fraction) ? tenths(fraction, 2) : undefined;
  if (digits !== undefined) return sign(fraction, digits, true) + written(digits, locale) + SEPARATORS[locale].percent;
  return cached(`p${locale}`, () =>
    new Intl.NumberFormat(tag(locale), { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }),
  ).format(fraction);
}

/** A `YYYY-MM-DD` date (read as UTC, so the calendar day stays) in the language's style: 3. marts 2027 / 3 March 2027. */
export function formatDate(iso: string, locale: Locale): string {
  return cached(`d${locale}`, () => new Intl.DateTimeFormat(tag(locale), { dateStyle: 'long', timeZone: 'UTC' })).format(new Date(iso));
}

/** An instant's day and time in Copenhagen in the language's style: 15. december 2026 kl. 10.00 / 15 December 2026 at 10:00. */
export function formatDateTime(iso: string, locale: Locale): string {
  return cached(`t${locale}`, () => new Intl.DateTimeFormat(tag(locale), { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Copenhagen' })).format(new Date(iso));
}

/** An instant's time of day in Copenhagen: 11.30 / 11:30. */
export function formatTime(iso: string, locale: Locale): string {
  return cached(`h${locale}`, () => new Intl.DateTimeFormat(tag(locale), { timeStyle: 'short', timeZone: 'Europe/Copenhagen' })).format(new Date(iso));
}

/** The widget's language: its own or nearest `lang`, else the document's; Danish unless it is English. */
export function localeOf(element: Element): Locale {
  const lang = element.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang || 'da';
  return lang.toLowerCase().startsWith('en') ? 'en' : 'da';
}

/**
 * Re-renders the host when its `lang` or the document's changes, and looks up
 * the host's messages in the current language.
 */
export class LocalizeController<M extends Record<string, unknown>> implements ReactiveController {
  #observer: MutationObserver | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly messages: Record<Locale, M>,
  ) {
    host.addController(this);
  }

  get locale(): Locale {
    return localeOf(this.host);
  }

  /** The messages of the current language. */
  get t(): M {
    return this.messages[this.locale];
  }

  hostConnected(): void {
    this.#observer = new MutationObserver(() => this.host.requestUpdate());
    this.#observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    this.#observer.observe(this.host, { attributes: true, attributeFilter: ['lang'] });
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
  }

  /** A `YYYY-MM-DD` date in the current language. */
  date(iso: string): string {
    return formatDate(iso, this.locale);
  }
}
