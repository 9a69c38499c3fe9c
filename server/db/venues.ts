// Queries on venues, floors and guests. Everything takes the Database from openDatabase().
import { packTileData, unpackTileData } from "../../shared/map/packed.ts";
import type { Database } from "./database.ts";
import { Prisma } from "./generated/client.ts";

export interface VenueRecord {
  id: string;
  slug: string;
  name: string;
}

export interface FloorSummary {
  id: string;
  venueId: string;
  slug: string;
  name: string;
  version: number;
}

export interface FloorRecord extends FloorSummary {
  /** The Tiled JSON map as stored. */
  mapJson: unknown;
}

export interface SeedFloor {
  slug: string;
  name: string;
  mapJson: unknown;
}

export interface SeedVenueInput {
  slug: string;
  name: string;
  floors: SeedFloor[];
}

export interface SeedVenueResult {
  venue: VenueRecord;
  /** The stored floors named in the input, in input order (existing ones untouched). */
  floors: FloorRecord[];
  /**
   * Slugs of the floors that were missing when this call looked (empty when everything
   * existed). Under concurrent seeding both callers may list the same floor; it is still
   * stored once.
   */
  createdFloors: string[];
}

export interface RecordGuestInput {
  displayName: string;
  avatar: string;
  venueSlug: string;
  /** The floor the guest is on, if any. */
  floorSlug?: string | null;
}

export class NotFoundError extends Error {
  override name = "NotFoundError";
}

/** Thrown by updateFloorMap when the floor changed since the caller read it. */
export class FloorVersionConflictError extends Error {
  override name = "FloorVersionConflictError";
  constructor(
    readonly floorId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(`Floor ${floorId} is at version ${actualVersion}, not ${expectedVersion}: it was edited meanwhile`);
  }
}

const floorSummarySelect = { id: true, venueId: true, slug: true, name: true, version: true } as const;
const floorRecordSelect = { ...floorSummarySelect, mapJson: true } as const;

/**
 * A map for a Json column, tile layers packed (shared/map/packed.ts: a 2 MB conference
 * map is stored as ~100 KB); refuses a missing one (a caller's bug) with who asked.
 */
export function toJsonInput(mapJson: unknown, what: string): Prisma.InputJsonValue {
  if (mapJson === undefined || mapJson === null) {
    throw new TypeError(`${what}: mapJson is required (got ${mapJson})`);
  }
  return packTileData(mapJson) as Prisma.InputJsonValue;
}

/** A stored floor or version with its map as everyone reads it (plain tile arrays). */
export function unpacked<T extends { mapJson: unknown }>(row: T): T;
export function unpacked<T extends { mapJson: unknown }>(row: T | null): T | null;
export function unpacked<T extends { mapJson: unknown }>(row: T | null): T | null {
  return row && { ...row, mapJson: unpackTileData(row.mapJson) };
}

/**
 * Creates the venue and its floors if missing. Idempotent and safe to run at every start
 * (and concurrently): nothing is duplicated, and an existing venue or floor is never
 * overwritten, since hosts may have edited it.
 */
export async function seedVenue(db: Database, input: SeedVenueInput): Promise<SeedVenueResult> {
  const { prisma } = db;
  const floorsInput = input.floors.map((f) => ({
    slug: f.slug,
    name: f.name,
    mapJson: toJsonInput(f.mapJson, `seedVenue(${input.slug}/${f.slug})`),
  }));
  const slugs = floorsInput.map((f) => f.slug);
  if (new Set(slugs).size !== slugs.length) {
    throw new TypeError(`seedVenue(${input.slug}): duplicate floor slugs in ${slugs.join(", ")}`);
  }

  // INSERT … ON CONFLICT DO NOTHING: no race between two starting processes.
  await prisma.venue.createMany({ data: [{ slug: input.slug, name: input.name }], skipDuplicates: true });
  const venue = await prisma.venue.findUniqueOrThrow({
    where: { slug: input.slug },
    select: { id: true, slug: true, name: true },
  });

  const before = await prisma.floor.findMany({
    where: { venueId: venue.id, slug: { in: slugs } },
    select: { slug: true },
  });
  const existing = new Set(before.map((f) => f.slug));
  const missing = floorsInput.filter((f) => !existing.has(f.slug));
  let createdFloors: string[] = [];
  if (missing.length > 0) {
    await prisma.floor.createMany({
      data: missing.map((f) => ({ ...f, venueId: venue.id })),
      skipDuplicates: true,
    });
    createdFloors = missing.map((f) => f.slug);
  }

  const stored = await prisma.floor.findMany({
    where: { venueId: venue.id, slug: { in: slugs } },
    select: floorRecordSelect,
  });
  const bySlug = new Map(stored.map((f) => [f.slug, unpacked(f)]));
  const floors = slugs.map((s) => {
    const f = bySlug.get(s);
    if (!f) throw new Error(`seedVenue(${input.slug}): floor ${s} missing after insert`);
    return f;
  });
  return { venue, floors, createdFloors };
}

/** One floor with its map, or null if the venue or floor does not exist. */
export async function loadFloor(db: Database, venueSlug: string, floorSlug: string): Promise<FloorRecord | null> {
  return unpacked(
    await db.prisma.floor.findFirst({
      where: { slug: floorSlug, venue: { slug: venueSlug } },
      select: floorRecordSelect,
    }),
  );
}

/** The venue's floors without their maps (load one with loadFloor), oldest first; [] for an unknown venue. */
export async function listFloors(db: Database, venueSlug: string): Promise<FloorSummary[]> {
  return db.prisma.floor.findMany({
    where: { venue: { slug: venueSlug } },
    select: floorSummarySelect,
    orderBy: [{ createdAt: "asc" }, { slug: "asc" }],
  });
}

/**
 * Replaces a floor's map and bumps its version. With `expectedVersion`, refuses
 * (FloorVersionConflictError) if someone else saved in between. Returns null for an
 * unknown floor. Validate the map (shared/map) before calling this.
 */
export async function updateFloorMap(
  db: Database,
  input: { venueSlug: string; floorSlug: string; mapJson: unknown; name?: string; expectedVersion?: number },
): Promise<FloorRecord | null> {
  const { prisma } = db;
  const mapJson = toJsonInput(input.mapJson, `updateFloorMap(${input.venueSlug}/${input.floorSlug})`);
  const current = await loadFloor(db, input.venueSlug, input.floorSlug);
  if (!current) return null;
  const expected = input.expectedVersion ?? current.version;
  const { count } = await prisma.floor.updateMany({
    where: { id: current.id, version: expected },
    data: { mapJson, version: { increment: 1 }, ...(input.name !== undefined ? { name: input.name } : {}) },
  });
  if (count === 0) {
    const now = await prisma.floor.findUnique({ where: { id: current.id }, select: { version: true } });
    if (!now) return null;
    throw new FloorVersionConflictError(current.id, expected, now.version);
  }
  return unpacked(await prisma.floor.findUnique({ where: { id: current.id }, select: floorRecordSelect }));
}

/** Records a guest arriving; returns the guest id. Throws NotFoundError for an unknown venue/floor. */
export async function recordGuest(db: Database, input: RecordGuestInput): Promise<string> {
  const { prisma } = db;
  const venue = await prisma.venue.findUnique({ where: { slug: input.venueSlug }, select: { id: true } });
  if (!venue) throw new NotFoundError(`Unknown venue "${input.venueSlug}"`);
  let floorId: string | null = null;
  if (input.floorSlug) {
    const floor = await prisma.floor.findUnique({
      where: { venueId_slug: { venueId: venue.id, slug: input.floorSlug } },
      select: { id: true },
    });
    if (!floor) throw new NotFoundError(`Unknown floor "${input.floorSlug}" in venue "${input.venueSlug}"`);
    floorId = floor.id;
  }
  const guest = await prisma.guest.create({
    data: { displayName: input.displayName, avatar: input.avatar, venueId: venue.id, floorId },
    select: { id: true },
  });
  return guest.id;
}

/**
 * Marks a guest as seen now (and optionally on another floor: pass its id, or null for none).
 * Returns false if the guest does not exist.
 */
export async function touchGuest(db: Database, guestId: string, floorId?: string | null): Promise<boolean> {
  const { count } = await db.prisma.guest.updateMany({
    where: { id: guestId },
    data: { lastSeenAt: new Date(), ...(floorId !== undefined ? { floorId } : {}) },
  });
  return count > 0;
}
