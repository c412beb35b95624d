// Where the service keeps its data, as the composition root and the CLI read it from the
// environment: named once, for both.

/** The embedded database's (PGlite's) folder when none is given. */
export const DEFAULT_DATA_DIR = './.samspil/data';

/** A `DATABASE_URL` the service takes: PostgreSQL's. */
export const POSTGRES_URL = /^postgres(ql)?:\/\//;
