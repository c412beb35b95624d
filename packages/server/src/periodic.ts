import type { Log } from './log.js';

/** Runs `tick` now and every `intervalMs`, never two at once; `stop()` waits for the one under way. */
export class Periodic {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;
  #failing = false;

  constructor(
    private readonly name: string,
    private readonly tick: () => Promise<unknown>,
    private readonly log: Log,
  ) {}

  start(intervalMs: number): void {
    const run = () => {
      if (this.#running) return; // a slow tick is not overtaken by the next
      this.#running = this.tick()
        .then(
          () => (this.#failing = false),
          (error) => {
            this.#failing = true;
            this.log.error({ err: error, task: this.name }, 'a periodic task failed');
          },
        )
        .finally(() => (this.#running = undefined));
    };
    run();
    this.#timer = setInterval(run, intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** For readiness: `ok` while it runs and its last turn succeeded. */
  get state(): 'ok' | 'stopped' | 'failing' {
    return this.#timer === undefined ? 'stopped' : this.#failing ? 'failing' : 'ok';
  }
}
