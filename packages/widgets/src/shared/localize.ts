import type { ReactiveController, ReactiveControllerHost } from 'lit';

export type Locale = 'da' | 'en';

// Building an Intl formatter costs far more than using one: keep one per kind and language.
const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let f = formats.get(key) as F | undefined;
  if (!f) formats.set(key, (f = make()));
  return f;
}
const tag = (locale: Locale) => (locale === 'da' ? 'da-DK' : 'en-GB');

/** A number to one decimal in the language's style (4,2 / 4.2); `signed` gives +0,3 / −0,3. */
export function formatNumber(value: number, locale: Locale, signed = false): string {
  return cached(`n${locale}${signed}`, () =>
    new Intl.NumberFormat(tag(locale), { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: signed ? 'exceptZero' : 'auto' }),
  ).format(value);
}

/** A change in per cent, to one decimal and signed, in the language's style: +7,5 % / +7.5%. */
export function formatPercent(value: number, locale: Locale): string {
  return cached(`p${locale}`, () =>
    new Intl.NumberFormat(tag(locale), { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }),
  ).format(value / 100);
}

/** A `YYYY-MM-DD` date (read as UTC, so the calendar day stays) in the language's style: 3. marts 2027 / 3 March 2027. */
export function formatDate(iso: string, locale: Locale): string {
  return cached(`d${locale}`, () => new Intl.DateTimeFormat(tag(locale), { dateStyle: 'long', timeZone: 'UTC' })).format(new Date(iso));
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
