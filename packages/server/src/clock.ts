/** The time now: injected everywhere, so tests set it and nothing reads the system clock behind it. */
export type Clock = () => Date;

/** The system's clock: the one place that asks it (the composition root passes it, or a default takes it). */
export const systemClock: Clock = () => new Date();
