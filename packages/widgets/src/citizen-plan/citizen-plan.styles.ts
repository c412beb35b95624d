import { css } from '../shared/css.js';

/* Larger text and room for a citizen's phone: everything in one column, nothing wider than the screen
   (WCAG 1.4.10 at 320 px and 400 % zoom), long Danish words break, buttons big enough to tap. */
export const styles = css`
:host { font-size: var(--samspil-citizen-plan-size,1.125rem); line-height: 1.5 }
.plan { display: grid; gap: calc(var(--_space) * 1.5); overflow-wrap: anywhere; max-width: 48rem }
.title { font-size: 1.5em; margin: 0 }
section { padding: var(--_space); border: 1px solid var(--_border); border-radius: var(--_radius) }
h2 { font-size: 1.25em; margin: 0 0 .5rem }
h3 { font-size: 1.05em; margin: .75rem 0 .25rem }
p { margin: 0 0 .5rem }
blockquote { margin: 0; padding: .25rem var(--_space); border-inline-start: 4px solid var(--_accent); font-size: 1.15em; white-space: pre-line }
.items { padding: 0; margin: 0; list-style: none }
.items > li { padding: .5rem 0; border-top: 1px solid var(--_border) }
.items > li:first-child { border-top: 0 }
.places { margin: 0 0 .5rem; padding-inline-start: 1.25rem }
.status { display: inline-block; padding: 0 .4em; border: 1px solid currentColor; border-radius: var(--_radius); font-size: .9em; white-space: nowrap }
.meta, .hint, footer { color: var(--_muted) }
dl { display: grid; grid-template-columns: auto 1fr; gap: .25rem var(--_space); margin: 0 0 .5rem }
dt { font-weight: bold }
dd { margin: 0 }
label { display: block; font-weight: bold }
textarea { display: block; width: 100%; font: inherit; padding: .5rem; border: 1px solid var(--_muted); border-radius: var(--_radius); background: var(--_surface); color: inherit; resize: vertical }
textarea[aria-invalid=true] { border: 2px solid var(--_danger) }
.problem { color: var(--_danger); font-weight: bold }
/* The live regions are there before they speak (so a screen reader hears them); empty, they take no room. */
p.problem[role=alert] { border: 0; padding: 0 }
.problem:empty, [role=status]:empty { margin: 0 }
button { font: inherit; min-height: 44px; padding: .5rem 1rem; border: 2px solid var(--_accent); border-radius: var(--_radius); background: var(--_accent); color: var(--_surface); cursor: pointer }
button[data-confirm=no] { background: var(--_surface); color: var(--_accent) }
button:disabled { opacity: .6; cursor: wait }
.buttons { display: flex; flex-wrap: wrap; gap: .5rem }
.confirm { padding: var(--_space); border: 2px solid var(--_warning); border-radius: var(--_radius); background: var(--_warning-surface) }
.confirm ul { margin: 0 0 .5rem; padding-inline-start: 1.25rem }
a { color: var(--_accent) }
@media (forced-colors: active) {
  button { border: 2px solid ButtonText; background: ButtonFace; color: ButtonText; forced-color-adjust: none }
  button:focus-visible { outline: 2px solid Highlight }
  .status, section, .confirm, textarea { border-color: CanvasText }
  textarea[aria-invalid=true] { border-color: Mark }
}
@media print {
  :host { color: #000 !important; background: #fff !important; color-scheme: light; font-size: 11pt; --_surface: #fff; --_muted: #000; --_border: #000; --_accent: #000; --_danger: #000; --_warning-surface: #fff }
  /* On paper: the plan, without the form, the buttons and the confirm step. */
  form, button, [part~=confirm], [role=status], .hint { display: none !important }
  section, li { break-inside: avoid }
  h2, h3 { break-after: avoid }
  section { border: 0; padding: 0 }
  a::after { content: " (" attr(href) ")" }
}
`;
