/**
 * What every facet of the state shares: the one database connection, its compiled statements,
 * the injected clock and transactions. Only modules under src/state/ hold one (the seam check in
 * test/state/seams.test.ts keeps SQL from leaking out).
 */
import type Database from "better-sqlite3";

export class Statements {
  /** Prepared statements, compiled once per text (a 100,000-item run makes millions of calls). */
  private readonly cache = new Map<string, Database.Statement>();

  constructor(
    readonly db: Database.Database,
    private readonly clock: () => number,
  ) {}

  sql(text: string): Database.Statement {
    let statement = this.cache.get(text);
    if (!statement) this.cache.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  /** Seconds since the epoch, by the injected clock. */
  now(): number {
    return Math.floor(this.clock() / 1000);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
