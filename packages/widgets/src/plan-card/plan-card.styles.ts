import { css } from '../shared/css.js';

export const styles = css`
.card { display: grid; gap: var(--_space); padding: var(--_space); border: 1px solid var(--_border); border-radius: var(--_radius); overflow-wrap: anywhere }
h2 { font-size: 1rem; margin: 0 0 .25rem }
h3 { font-size: .95rem; margin: .5rem 0 .25rem }
h4 { font-size: .9rem; margin: .5rem 0 .25rem }
p, ul { margin: 0 }
dl { display: grid; grid-template-columns: auto 1fr; gap: .25rem var(--_space); margin: 0 }
dt { font-weight: bold }
dd { margin: 0 }
[part=meetings] > p + p { margin-top: .5rem }
ul { padding-inline-start: 1.25rem }
li + li { margin-top: .5rem }
/* Above: a long Danish word breaks rather than widen the card past a narrow screen (WCAG 1.4.10, 1.4.12). */
/* Long plans: items out of view skip layout until scrolled to. */
li { content-visibility: auto; contain-intrinsic-size: auto 3rem }
blockquote { margin: 0; padding: .25rem var(--_space); border-inline-start: 4px solid var(--_accent); font-size: var(--samspil-plan-card-wishes-size,1.25em); white-space: pre-line }
[part=citizen-voice] blockquote { font-size: 1em }
.meta, footer { display: flex; flex-wrap: wrap; gap: .25rem 1rem; color: var(--_muted) }
.facts { display: grid; gap: var(--_space); grid-template-columns: repeat(auto-fit,minmax(14rem,1fr)) }
p[part=warning] { padding: .5rem; border-inline-start: 4px solid var(--_warning); border-radius: var(--_radius); background: var(--_warning-surface) }
.missing { color: var(--_warning) }
.overdue { font-weight: bold }
.flag { color: var(--_danger) }
table { border-collapse: collapse }
th, td { padding: .25rem 1rem .25rem 0; border-bottom: 1px solid var(--_border); text-align: start }
td { text-align: end; font-variant-numeric: tabular-nums }
tfoot { font-weight: bold }
select, button { font: inherit }
/* The outcome form: fields wrap on a narrow screen (WCAG 1.4.10). */
[part~=outcome-form] { display: grid; gap: .5rem; padding: var(--_space); border: 1px solid var(--_border); border-radius: var(--_radius) }
[part~=outcome-form] fieldset { display: flex; flex-wrap: wrap; gap: .25rem 1rem; min-width: 0; margin: 0; padding: .5rem; border: 1px solid var(--_border); border-radius: var(--_radius) }
[part~=outcome-form] fieldset > p { flex-basis: 100% }
[part~=outcome-form] legend { font-weight: bold }
[part~=outcome-form] label { display: inline-flex; flex-wrap: wrap; gap: .25rem; align-items: center; max-width: 100% }
[part~=outcome-form] select, [part~=outcome-form] input { font: inherit; max-width: 100% }
[part~=outcome-form] .buttons { display: flex; flex-wrap: wrap; gap: .5rem }
a { color: var(--_accent) }
@media print {
  :host { color: #000 !important; background: #fff !important; color-scheme: light; font-size: 11pt; --_surface: #fff; --_muted: #000; --_border: #000; --_accent: #000; --_warning: #000; --_warning-surface: #fff; --_danger: #000 }
  .card { padding: 0; border: 0 }
  /* On paper for the citizen: no controls, and the checks' problems are the professionals' to solve. */
  button, a, [part='findings'] { display: none !important }
  select { appearance: none; padding: 0; border: 0; background: none; color: inherit }
  section, li, tr, p[part=warning] { break-inside: avoid }
  h2, h3 { break-after: avoid }
  li { content-visibility: visible }
  p[part=warning] { border: 1px solid }
}
`;
