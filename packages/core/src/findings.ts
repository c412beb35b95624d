/** Text in both of Samspil's languages: Danish first (the default), English second. */
export interface Localized {
  da: string;
  en: string;
}

export type Locale = keyof Localized;

export type Severity = 'error' | 'warning' | 'info';

/**
 * One result of an analysis. `code` is stable (vendors and widgets key on it);
 * `message` is for people; `path` points into the analysed document
 * (`interventions[2].department`) and `subject` names the thing concerned by id.
 */
export interface Finding {
  code: string;
  severity: Severity;
  message: Localized;
  path?: string;
  subject?: string;
  data?: Record<string, unknown>;
}

export function finding(
  code: string,
  severity: Severity,
  message: Localized,
  extra: Pick<Finding, 'path' | 'subject' | 'data'> = {},
): Finding {
  return { code, severity, message, ...extra };
}

/** `['interventions', 2, 'department']` → `interventions[2].department`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else {
      const name = String(key);
      out += /^[A-Za-z_$][\w$]*$/.test(name) ? (out ? `.${name}` : name) : `[${JSON.stringify(name)}]`;
    }
  }
  return out;
}

/** Danish-style list: "a, b og c" / "a, b and c". */
export function listOf(items: readonly string[], locale: Locale): string {
  if (items.length <= 1) return items.join('');
  const and = locale === 'da' ? ' og ' : ' and ';
  return `${items.slice(0, -1).join(', ')}${and}${items[items.length - 1]}`;
}
