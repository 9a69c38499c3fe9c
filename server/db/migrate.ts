// Applies prisma/migrations/*/migration.sql the way `prisma migrate deploy` does, without
// Prisma's native schema engine (which is downloaded at install time and so is missing on
// offline machines).
//
// Compatibility with Prisma: the bookkeeping table `_prisma_migrations` is created with
// Prisma's own DDL and each applied migration gets the row Prisma would write (uuid id,
// checksum = sha256 hex of the file, started_at/finished_at, applied_steps_count = 1,
// logs NULL), so `prisma migrate status` / `migrate deploy` on an online machine agree
// with what this runner did, and vice versa.
//
// Differences from Prisma, on purpose:
// - each migration runs inside one transaction together with its bookkeeping row, so a
//   failing migration leaves no trace (Prisma would leave a failed row to resolve by
//   hand). Consequence: a migration.sql must not contain statements that refuse to run
//   in a transaction (CREATE INDEX CONCURRENTLY, VACUUM, ...).
// - a migration whose file no longer matches the recorded checksum is refused.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type pg from "pg";

/** prisma/migrations of this repository. */
export const DEFAULT_MIGRATIONS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "prisma",
  "migrations",
);

/** Prisma's own DDL for its bookkeeping table (PostgreSQL flavour). */
export const PRISMA_MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** Same key Prisma's schema engine uses, so our runner and Prisma's exclude each other. */
const ADVISORY_LOCK_KEY = 72707369;

export interface MigrationFile {
  /** Folder name, e.g. "0001_init". */
  name: string;
  file: string;
  sql: string;
  /** sha256 hex of the file's bytes, as Prisma records it. */
  checksum: string;
}

export interface ApplyMigrationsOptions {
  migrationsDir?: string;
  log?: (msg: string) => void;
}

export interface ApplyMigrationsResult {
  /** Migrations applied by this call, in order. */
  applied: string[];
  /** Migrations that were already applied before this call. */
  alreadyApplied: string[];
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

export function sha256Hex(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Prisma accepts a checksum made with either line-ending style (files checked out on Windows). */
function checksumMatches(sql: string, recorded: string): boolean {
  if (sha256Hex(sql) === recorded) return true;
  const lf = sql.replace(/\r\n/g, "\n");
  if (sha256Hex(lf) === recorded) return true;
  return sha256Hex(lf.replace(/\n/g, "\r\n")) === recorded;
}

/** The migration folders in `dir`, sorted by name like Prisma does. */
export function readMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): MigrationFile[] {
  if (!existsSync(dir)) throw new MigrationError(`Migrations directory not found: ${dir}`);
  return readdirSync(dir)
    .filter((name) => statSync(path.join(dir, name)).isDirectory())
    .sort()
    .flatMap((name) => {
      const file = path.join(dir, name, "migration.sql");
      if (!existsSync(file)) return [];
      const bytes = readFileSync(file);
      return [{ name, file, sql: bytes.toString("utf8"), checksum: sha256Hex(bytes) }];
    });
}

interface AppliedRow {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
}

/**
 * Applies every migration in `migrationsDir` that is not applied yet, in name order, each in
 * its own transaction. Throws MigrationError if an applied migration's file changed, or if
 * the database holds a failed, unresolved migration (left by Prisma's own migrate).
 */
export async function applyMigrations(
  pool: pg.Pool,
  opts: ApplyMigrationsOptions = {},
): Promise<ApplyMigrationsResult> {
  const log = opts.log ?? (() => {});
  const migrations = readMigrations(opts.migrationsDir);
  const client = await pool.connect();
  let locked = false;
  try {
    await client.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_KEY]);
    locked = true;
    await client.query(PRISMA_MIGRATIONS_TABLE_DDL);

    const { rows } = await client.query<AppliedRow>(
      `SELECT id, checksum, migration_name, finished_at, rolled_back_at, logs
         FROM "_prisma_migrations" ORDER BY started_at ASC`,
    );
    const live = rows.filter((r) => r.rolled_back_at === null);

    const failed = live.filter((r) => r.finished_at === null);
    if (failed.length > 0) {
      const names = failed.map((r) => r.migration_name).join(", ");
      throw new MigrationError(
        `The database has failed migration(s) that were never resolved: ${names}. ` +
          `Fix the database by hand, then mark them with \`prisma migrate resolve\` (or delete their rows ` +
          `from "_prisma_migrations" if nothing of them was applied).`,
      );
    }

    const appliedByName = new Map(live.map((r) => [r.migration_name, r]));
    for (const m of migrations) {
      const row = appliedByName.get(m.name);
      if (row && !checksumMatches(m.sql, row.checksum)) {
        throw new MigrationError(
          `Migration "${m.name}" was modified after it was applied to this database ` +
            `(recorded checksum ${row.checksum}, file ${m.file} has ${m.checksum}). ` +
            `Applied migrations must never be edited: restore the file and add a new migration for the change.`,
        );
      }
    }
    const known = new Set(migrations.map((m) => m.name));
    const unknown = live.filter((r) => !known.has(r.migration_name)).map((r) => r.migration_name);
    if (unknown.length > 0) {
      log(`warning: the database has migrations this code does not know (newer code ran here?): ${unknown.join(", ")}`);
    }

    const result: ApplyMigrationsResult = { applied: [], alreadyApplied: [] };
    for (const m of migrations) {
      if (appliedByName.has(m.name)) {
        result.alreadyApplied.push(m.name);
        continue;
      }
      const started = Date.now();
      await client.query("BEGIN");
      try {
        const id = randomUUID();
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
           VALUES ($1, $2, $3, clock_timestamp(), 0)`,
          [id, m.checksum, m.name],
        );
        // Simple-query protocol (no parameters): runs the whole multi-statement script.
        await client.query(m.sql);
        await client.query(
          `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
          [id],
        );
        await client.query("COMMIT");
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {});
        const msg = err instanceof Error ? err.message : String(err);
        throw new MigrationError(`Migration "${m.name}" failed and was rolled back: ${msg}`, { cause: err });
      }
      result.applied.push(m.name);
      log(`applied migration ${m.name} (${Date.now() - started} ms)`);
    }
    return result;
  } finally {
    if (locked) await client.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_KEY]).catch(() => {});
    client.release();
  }
}
