/**
 * The problems the API answers, by status, with their titles: one catalogue. A problem's
 * `type` is `https://samspil.dk/problems/` and its title's slug (`…/not-found`).
 */
export const PROBLEMS = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
} as Record<number, string>;
export type ProblemStatus = 400 | 401 | 403 | 404 | 408 | 409 | 413 | 415 | 422 | 428 | 429 | 431 | 500 | 503;

/** An RFC 9457 problem: thrown by handlers, rendered as `application/problem+json`. */
export class Problem extends Error {
  readonly title: string;
  constructor(
    readonly status: ProblemStatus,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? PROBLEMS[status]);
    this.title = PROBLEMS[status]!;
  }

  toJSON(instance?: string): Record<string, unknown> {
    return {
      type: `https://samspil.dk/problems/${this.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`,
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...this.extra,
    };
  }
}

export const notFound = (what: string) => new Problem(404, `${what} does not exist`);
