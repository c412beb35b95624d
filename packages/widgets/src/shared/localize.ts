import type { ReactiveController, ReactiveControllerHost } from 'lit';

export type Locale = 'da' | 'en';

// Building an Intl formatter costs far more than using one: one per language.
const dateFormats = new Map<Locale, Intl.DateTimeFormat>();
function dateFormat(locale: Locale): Intl.DateTimeFormat {
  let f = dateFormats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'da' ? 'da-DK' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    dateFormats.set(locale, f);
  }
  return f;
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

  /** A number in the current language: 4,5 / 4.5. */
  number(value: number, digits: number): string {
    return value.toLocaleString(this.locale === 'da' ? 'da-DK' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }

  /** A `YYYY-MM-DD` date in the current language: 3. marts 2027 / 3 March 2027. */
  date(iso: string): string {
    const [y, m, d] = iso.split('-').map(Number);
    return dateFormat(this.locale).format(Date.UTC(y!, m! - 1, d!));
  }
}
