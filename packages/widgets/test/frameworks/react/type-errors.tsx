// Mistakes the generated JSX typings (dist/jsx.d.ts) must catch: each line below is an error,
// and tsc fails if one is not (an unused @ts-expect-error is an error itself).
import type {} from '@samspil/widgets/jsx';
import type { SamspilTieSelectEvent } from '@samspil/widgets';

export const mistakes = (
  <>
    {/* @ts-expect-error: a plan is a Plan object, not text */}
    <samspil-plan-card plan="SAG-1" />
    {/* @ts-expect-error: the layout is full or compact */}
    <samspil-plan-card layout="wide" />
    {/* @ts-expect-error: the plan card fires samspil-plan-change, not a tie selection */}
    <samspil-plan-card onsamspil-plan-change={(event: SamspilTieSelectEvent) => event.detail.from} />
    {/* @ts-expect-error: the heatmap's view is matrix, network or table */}
    <samspil-rc-heatmap view="pie" />
    {/* @ts-expect-error: no such element */}
    <samspil-plan-kort />
  </>
);
