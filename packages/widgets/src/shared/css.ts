import { unsafeCSS, type CSSResult } from 'lit';

/**
 * The tag of the widgets' style sheets. They are static (no `${}`), so this makes the CSSResult from
 * the text alone, and Lit's `css` (which checks the values the sheets never have) stays out of the
 * bundle. Named `css` so that the template-literal minifier minifies the sheets; it skips a module
 * that calls `unsafeCSS`, hence this module of its own.
 */
export const css = (strings: TemplateStringsArray): CSSResult => unsafeCSS(strings[0]);
