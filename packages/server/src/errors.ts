// One catalogue of error codes (as bolt-js's ErrorCode): code that must act on an error
// reads its `code`, never its message, and a code survives a second copy of this package
// where `instanceof` would not.

export const ErrorCode = {
  /** A retry cannot mend it (an unknown recipient, a refused message): the outbox gives up. */
  Permanent: 'samspil_permanent',
  /** The platform said when to try again (HTTP 429 with Retry-After): `retryAfterMs`. */
  RetryLater: 'samspil_retry_later',
  /** The chat app is not installed where the message must go: tried again in an hour. */
  NotInstalled: 'samspil_not_installed',
  /** A platform sent an event again that was handled already. */
  RepeatedDelivery: 'samspil_repeated_delivery',
  /** An upload passed its limit. */
  TooLarge: 'samspil_too_large',
  /** A file or upload is not UTF-8. */
  NotUtf8: 'samspil_not_utf8',
  /** A file's content is not what it must be (line and column in the error). */
  InvalidInput: 'samspil_invalid_input',
  /** A command line or the environment asks for what cannot be done. */
  InvalidUsage: 'samspil_invalid_usage',
  /** One tenant's data failed its part of a scheduler turn (a case, a nudge, a digest, a wave); the rest carried on. */
  SchedulerItemFailed: 'samspil_scheduler_item_failed',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An error with a code from the catalogue. */
export class CodedError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = `CodedError(${code})`;
  }
}

/** The catalogue's code of any error, if it has one. */
export function errorCode(error: unknown): ErrorCode | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (Object.values(ErrorCode) as string[]).includes(code) ? (code as ErrorCode) : undefined;
}

/** A message that can never be delivered: no retries. */
export class PermanentDeliveryError extends CodedError {
  constructor(message: string, options?: ErrorOptions) {
    super(ErrorCode.Permanent, message, options);
  }
}

/** The platform said when to try again. */
export class RetryLaterError extends CodedError {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(ErrorCode.RetryLater, message);
  }
}

/** The chat app is not installed where the message must go. */
export class NotInstalledError extends CodedError {
  constructor(message: string) {
    super(ErrorCode.NotInstalled, message);
  }
}
