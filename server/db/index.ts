// Foyer's data layer. See server/db/database.ts (connection), migrate.ts (migrations),
// venues.ts (queries). The generated Prisma client lives in ./generated
// (`npm run prisma:generate`, git-ignored).
export {
  openDatabase,
  DEFAULT_PGLITE_DIR,
  type Database,
  type DatabaseKind,
  type OpenDatabaseOptions,
} from "./database.ts";
export {
  applyMigrations,
  readMigrations,
  sha256Hex,
  MigrationError,
  DEFAULT_MIGRATIONS_DIR,
  PRISMA_MIGRATIONS_TABLE_DDL,
  type ApplyMigrationsOptions,
  type ApplyMigrationsResult,
  type MigrationFile,
} from "./migrate.ts";
export {
  seedVenue,
  loadFloor,
  listFloors,
  updateFloorMap,
  recordGuest,
  touchGuest,
  NotFoundError,
  FloorVersionConflictError,
  type VenueRecord,
  type FloorSummary,
  type FloorRecord,
  type SeedFloor,
  type SeedVenueInput,
  type SeedVenueResult,
  type RecordGuestInput,
} from "./venues.ts";
export type { PrismaClient } from "./generated/client.ts";
