// Bolt's Logger over the service's log (pino): what Bolt, its Web API clients, Socket
// Mode and the InstallProvider say goes among the service's own lines, not to the console.
import type { Log } from '@samspil/server';
import { LogLevel, type Logger } from '@slack/bolt';

const RANK: Record<LogLevel, number> = { [LogLevel.DEBUG]: 0, [LogLevel.INFO]: 1, [LogLevel.WARN]: 2, [LogLevel.ERROR]: 3 };

/** One line of Bolt's arguments: an error by its message, never an object's fields (a payload). */
const line = (name: string, parts: unknown[]) => `${name}: ${parts.map((p) => (p instanceof Error ? p.message : typeof p === 'object' && p !== null ? '' : String(p))).filter(Boolean).join(' ')}`;

export function boltLogger(log: Log, name = 'slack'): Logger {
  let level = LogLevel.INFO;
  const at = (l: LogLevel, write: (text: string) => void) => (...parts: unknown[]) => void (RANK[l] >= RANK[level] && write(line(name, parts)));
  return {
    // Bolt's debug lines are whole request bodies (a command's words): never logged.
    debug: () => {},
    info: at(LogLevel.INFO, (text) => log.info(text)),
    warn: at(LogLevel.WARN, (text) => log.warn(text)),
    error: at(LogLevel.ERROR, (text) => log.error(text)),
    setLevel: (l) => void (level = l),
    getLevel: () => level,
    setName: () => {},
  };
}
