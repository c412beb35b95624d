// The databases the store's tests run against: PGlite always, and the real
// PostgreSQL server when it is reachable (CI requires it: SAMSPIL_REQUIRE_POSTGRES=1).
// Each suite gets a database of its own, dropped afterwards.
import { openDb, type Db } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { createTestDatabase, postgresReachable } from '../src/testing.js';


export interface TestDatabase {
  kind: 'pglite' | 'postgres';
  /** A fresh, migrated database. */
  open(): Promise<{ db: Db; url?: string; drop(): Promise<void> }>;
}

export const databases: TestDatabase[] = [
  {
    kind: 'pglite',
    async open() {
      const db = await openDb({ dataDir: 'memory://' });
      await migrate(db);
      return { db, drop: () => db.close() };
    },
  },
  ...((await postgresReachable())
    ? [
        {
          kind: 'postgres' as const,
          async open() {
            const database = await createTestDatabase();
            const db = await openDb({ url: database.url });
            await migrate(db);
            return {
              db,
              url: database.url,
              drop: async () => {
                await db.close();
                await database.drop();
              },
            };
          },
        },
      ]
    : []),
];
