// The Teams SDK's logger over the service's log: quiet unless something is wrong.
import type { Log } from '@samspil/server';

export function sdkLogger(log: Log) {
  const l = {
    error: (...m: unknown[]) => log.warn(`teams: ${m.map(String).join(' ')}`),
    warn: (...m: unknown[]) => log.warn(`teams: ${m.map(String).join(' ')}`),
    info: () => {},
    debug: () => {},
    trace: () => {},
    log: () => {},
    child: () => l,
  };
  return l;
}
