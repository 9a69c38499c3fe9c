// Queries on hosts, their sessions, the venues they own, floor versions and uploaded
// assets. Everything takes the Database from openDatabase(). No validation of user input
// happens here (server/http/api does it); these functions trust their arguments.
import { timingSafeEqual } from "node:crypto";
import type { Database } from "./database.ts";
import { Prisma } from "./generated/client.ts";
import { FloorVersionConflictError, toJsonInput, unpacked } from "./venues.ts";

export interface HostRecord {
  id: string;
  email: string;
  displayName: string;
  createdAt: Date;
}

export interface HostWithPassword extends HostRecord {
  passwordHash: string;
}

export interface OwnedVenue {
  id: string;
  slug: string;
  name: string;
  ownerId: string | null;
  createdAt: Date;
}

export interface FloorVersionSummary {
  version: number;
  createdAt: Date;
  note: string | null;
  createdBy: string | null;
}

export interface FloorVersionRecord extends FloorVersionSummary {
  mapJson: unknown;
}

export interface SavedFloor {
  id: string;
  venueId: string;
  slug: string;
  name: string;
  version: number;
}

export interface AssetRecord {
  name: string;
  contentType: string;
  bytes: Uint8Array;
  width: number;
  height: number;
  createdAt: Date;
}

/** Thrown when a unique key (email, venue slug, floor slug) is taken. */
export class AlreadyExistsError extends Error {
  override name = "AlreadyExistsError";
  constructor(readonly what: "email" | "venue" | "floor", message: string) {
    super(message);
  }
}

const hostSelect = { id: true, email: true, displayName: true, createdAt: true } as const;
const venueSelect = { id: true, slug: true, name: true, ownerId: true, createdAt: true } as const;
const floorSelect = { id: true, venueId: true, slug: true, name: true, version: true } as const;
const versionSummarySelect = { version: true, createdAt: true, note: true, createdBy: true } as const;

/** Emails are compared and stored lowercased and trimmed. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

// ---------------------------------------------------------------- hosts and sessions

export async function createHost(
  db: Database,
  input: { email: string; passwordHash: string; displayName: string },
): Promise<HostRecord> {
  try {
    return await db.prisma.host.create({
      data: { email: normalizeEmail(input.email), passwordHash: input.passwordHash, displayName: input.displayName },
      select: hostSelect,
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AlreadyExistsError("email", "is already registered");
    throw err;
  }
}

export async function findHostByEmail(db: Database, email: string): Promise<HostWithPassword | null> {
  return db.prisma.host.findUnique({
    where: { email: normalizeEmail(email) },
    select: { ...hostSelect, passwordHash: true },
  });
}

export async function createSession(db: Database, input: { tokenHash: string; hostId: string; expiresAt: Date }): Promise<void> {
  await db.prisma.session.create({ data: { id: input.tokenHash, hostId: input.hostId, expiresAt: input.expiresAt } });
}

/**
 * The host of an unexpired session, looked up by the sha256 hex of its token. The stored
 * hash is compared again in constant time, so nothing depends on how the index compares.
 */
export async function findSessionHost(db: Database, tokenHash: string, now: Date = new Date()): Promise<HostRecord | null> {
  const row = await db.prisma.session.findUnique({
    where: { id: tokenHash },
    select: { id: true, expiresAt: true, host: { select: hostSelect } },
  });
  if (!row) return null;
  const a = Buffer.from(row.id, "utf8");
  const b = Buffer.from(tokenHash, "utf8");
  if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
  if (row.expiresAt.getTime() <= now.getTime()) {
    await db.prisma.session.deleteMany({ where: { id: row.id } });
    return null;
  }
  return row.host;
}

export async function deleteSession(db: Database, tokenHash: string): Promise<void> {
  await db.prisma.session.deleteMany({ where: { id: tokenHash } });
}

/** Removes expired sessions (all hosts). Returns how many. */
export async function deleteExpiredSessions(db: Database, now: Date = new Date()): Promise<number> {
  const { count } = await db.prisma.session.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}

// ---------------------------------------------------------------- venues

export async function createOwnedVenue(
  db: Database,
  input: { slug: string; name: string; ownerId: string },
): Promise<OwnedVenue> {
  try {
    return await db.prisma.venue.create({ data: input, select: venueSelect });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AlreadyExistsError("venue", `venue "${input.slug}" already exists`);
    throw err;
  }
}

export async function listVenuesOwnedBy(db: Database, hostId: string): Promise<OwnedVenue[]> {
  return db.prisma.venue.findMany({
    where: { ownerId: hostId },
    select: venueSelect,
    orderBy: [{ createdAt: "asc" }, { slug: "asc" }],
  });
}

export async function findVenue(db: Database, slug: string): Promise<OwnedVenue | null> {
  return db.prisma.venue.findUnique({ where: { slug }, select: venueSelect });
}

/** True if the venue exists and nobody owns it yet. */
export async function getVenueOwnerless(db: Database, venueSlug: string): Promise<boolean> {
  const v = await db.prisma.venue.findUnique({ where: { slug: venueSlug }, select: { ownerId: true } });
  return v !== null && v.ownerId === null;
}

/** Makes `hostId` the owner of a venue that has none; false if it has one (or does not exist). */
export async function claimOwnerlessVenue(db: Database, venueSlug: string, hostId: string): Promise<boolean> {
  const { count } = await db.prisma.venue.updateMany({ where: { slug: venueSlug, ownerId: null }, data: { ownerId: hostId } });
  return count > 0;
}

// ---------------------------------------------------------------- floors and versions

export async function listVenueFloors(db: Database, venueId: string): Promise<SavedFloor[]> {
  return db.prisma.floor.findMany({
    where: { venueId },
    select: floorSelect,
    orderBy: [{ createdAt: "asc" }, { slug: "asc" }],
  });
}

export async function findFloor(
  db: Database,
  venueId: string,
  floorSlug: string,
): Promise<(SavedFloor & { mapJson: unknown }) | null> {
  return unpacked(
    await db.prisma.floor.findUnique({
      where: { venueId_slug: { venueId, slug: floorSlug } },
      select: { ...floorSelect, mapJson: true },
    }),
  );
}

/** Creates a floor at version 1 together with its first FloorVersion. Validate the map first. */
export async function createFloorWithVersion(
  db: Database,
  input: { venueId: string; slug: string; name: string; mapJson: unknown; hostId: string | null; note?: string | null },
): Promise<SavedFloor> {
  const mapJson = toJsonInput(input.mapJson, "createFloorWithVersion");
  try {
    return await db.prisma.$transaction(async (tx) => {
      const floor = await tx.floor.create({
        data: { venueId: input.venueId, slug: input.slug, name: input.name, mapJson, version: 1 },
        select: floorSelect,
      });
      await tx.floorVersion.create({
        data: { floorId: floor.id, version: 1, mapJson, createdBy: input.hostId, note: input.note ?? null },
      });
      return floor;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AlreadyExistsError("floor", `floor "${input.slug}" already exists in this venue`);
    throw err;
  }
}

/** Renames a floor (its slug stays: portals and links use it). */
export async function renameFloor(db: Database, floorId: string, name: string): Promise<SavedFloor> {
  return db.prisma.floor.update({ where: { id: floorId }, data: { name }, select: floorSelect });
}

/** Deletes a floor with its versions (cascade); guests who were on it keep their identity. */
export async function deleteFloor(db: Database, floorId: string): Promise<void> {
  await db.prisma.floor.delete({ where: { id: floorId } });
}

/**
 * Saves `mapJson` as the floor's next version if the floor is still at `expectedVersion`
 * (else FloorVersionConflictError, nothing changed): bumps Floor.version, replaces
 * Floor.mapJson and records a FloorVersion, in one transaction. A floor whose current
 * version has no FloorVersion row yet (seeded floors) gets one first, so no map is lost.
 * Returns null for an unknown floor. Validate the map first.
 */
export async function saveFloorVersion(
  db: Database,
  input: { floorId: string; mapJson: unknown; expectedVersion: number; hostId: string | null; note?: string | null },
): Promise<SavedFloor | null> {
  const mapJson = toJsonInput(input.mapJson, "saveFloorVersion");
  return db.prisma.$transaction(async (tx) => {
    const current = await tx.floor.findUnique({ where: { id: input.floorId }, select: { ...floorSelect, mapJson: true } });
    if (!current) return null;
    if (current.version !== input.expectedVersion) {
      throw new FloorVersionConflictError(current.id, input.expectedVersion, current.version);
    }
    // Keep the map being replaced if it was never recorded (seeded, or edited by updateFloorMap).
    await tx.floorVersion.createMany({
      data: [{ floorId: current.id, version: current.version, mapJson: current.mapJson as Prisma.InputJsonValue }],
      skipDuplicates: true,
    });
    const { count } = await tx.floor.updateMany({
      where: { id: current.id, version: input.expectedVersion },
      data: { mapJson, version: { increment: 1 } },
    });
    if (count === 0) {
      const now = await tx.floor.findUnique({ where: { id: current.id }, select: { version: true } });
      throw new FloorVersionConflictError(current.id, input.expectedVersion, now?.version ?? -1);
    }
    const version = input.expectedVersion + 1;
    await tx.floorVersion.create({
      data: { floorId: current.id, version, mapJson, createdBy: input.hostId, note: input.note ?? null },
    });
    return { ...stripMap(current), version };
  });
}

function stripMap<T extends { mapJson: unknown }>(row: T): Omit<T, "mapJson"> {
  const { mapJson: _omit, ...rest } = row;
  return rest;
}

/** Newest first. Includes the current version (recorded lazily for seeded floors). */
export async function listFloorVersions(db: Database, floorId: string): Promise<FloorVersionSummary[]> {
  const floor = await db.prisma.floor.findUnique({ where: { id: floorId }, select: { version: true } });
  if (!floor) return [];
  const rows = await db.prisma.floorVersion.findMany({
    where: { floorId },
    select: versionSummarySelect,
    orderBy: { version: "desc" },
  });
  if (!rows.some((r) => r.version === floor.version)) {
    // A seeded floor never saved through the API: its current map is version `floor.version`.
    const { mapJson } = await db.prisma.floor.findUniqueOrThrow({ where: { id: floorId }, select: { mapJson: true } });
    const row = await recordedCurrentVersion(db, floorId, floor.version, mapJson);
    rows.unshift(row);
  }
  return rows;
}

async function recordedCurrentVersion(
  db: Database,
  floorId: string,
  version: number,
  mapJson: unknown,
): Promise<FloorVersionSummary> {
  await db.prisma.floorVersion.createMany({
    data: [{ floorId, version, mapJson: toJsonInput(mapJson, "saveFloorVersion") }],
    skipDuplicates: true,
  });
  return db.prisma.floorVersion.findUniqueOrThrow({
    where: { floorId_version: { floorId, version } },
    select: versionSummarySelect,
  });
}

export async function getFloorVersion(db: Database, floorId: string, version: number): Promise<FloorVersionRecord | null> {
  const row = await db.prisma.floorVersion.findUnique({
    where: { floorId_version: { floorId, version } },
    select: { ...versionSummarySelect, mapJson: true },
  });
  if (row) return unpacked(row);
  const floor = await db.prisma.floor.findUnique({ where: { id: floorId }, select: { version: true, mapJson: true } });
  if (floor && floor.version === version) {
    const summary = await recordedCurrentVersion(db, floorId, version, floor.mapJson);
    return unpacked({ ...summary, mapJson: floor.mapJson });
  }
  return null;
}

// ---------------------------------------------------------------- assets

/** Stores (or replaces) a venue's asset by name. */
export async function putAsset(
  db: Database,
  input: { venueId: string; name: string; contentType: string; bytes: Uint8Array; width: number; height: number },
): Promise<{ name: string; width: number; height: number; size: number; replaced: boolean }> {
  const { venueId, name, contentType, width, height } = input;
  const bytes = new Uint8Array(input.bytes); // Prisma wants a Uint8Array<ArrayBuffer>
  const existing = await db.prisma.asset.findUnique({ where: { venueId_name: { venueId, name } }, select: { id: true } });
  await db.prisma.asset.upsert({
    where: { venueId_name: { venueId, name } },
    create: { venueId, name, contentType, bytes, width, height },
    update: { contentType, bytes, width, height, createdAt: new Date() },
  });
  return { name, width, height, size: bytes.byteLength, replaced: existing !== null };
}

export async function getAsset(db: Database, venueSlug: string, name: string): Promise<AssetRecord | null> {
  return db.prisma.asset.findFirst({
    where: { name, venue: { slug: venueSlug } },
    select: { name: true, contentType: true, bytes: true, width: true, height: true, createdAt: true },
  });
}

export async function listAssets(
  db: Database,
  venueId: string,
): Promise<Array<{ name: string; contentType: string; width: number; height: number; createdAt: Date }>> {
  return db.prisma.asset.findMany({
    where: { venueId },
    select: { name: true, contentType: true, width: true, height: true, createdAt: true },
    orderBy: { name: "asc" },
  });
}

// ------------------------------------------------------------------ sign-in guessing limit

/**
 * Count one sign-in attempt for `email` and return how many there were in the current
 * window (this one included) and when the window started. Atomic — one upsert with an
 * increment, after dropping an expired window — so attempts sent at once are counted
 * one by one, in the database, across every Foyer process.
 */
export async function countLoginAttempt(db: Database, email: string, now: Date, windowMs: number): Promise<{ attempts: number; windowStart: Date }> {
  await db.prisma.loginLimit.deleteMany({ where: { email, windowStart: { lte: new Date(now.getTime() - windowMs) } } });
  for (let tries = 0; ; tries++) {
    try {
      const row = await db.prisma.loginLimit.upsert({
        where: { email },
        create: { email, windowStart: now, attempts: 1 },
        update: { attempts: { increment: 1 } },
        select: { attempts: true, windowStart: true },
      });
      return row;
    } catch (err) {
      // Two first attempts at once may both try to create the row; the loser counts again.
      if (tries < 3 && isUniqueViolation(err)) continue;
      throw err;
    }
  }
}

/** A successful sign-in starts the count afresh. */
export async function clearLoginAttempts(db: Database, email: string): Promise<void> {
  await db.prisma.loginLimit.deleteMany({ where: { email } });
}

// ---------------------------------------------------------------- sign-in links

export async function createSignInLink(db: Database, input: { tokenHash: string; hostId: string; expiresAt: Date }): Promise<void> {
  await db.prisma.signInLink.create({ data: { id: input.tokenHash, hostId: input.hostId, expiresAt: input.expiresAt } });
}

/** Uses a sign-in link once: the host it signs in, or null if unknown, used or expired. */
export async function useSignInLink(db: Database, tokenHash: string, now = new Date()): Promise<HostRecord | null> {
  const { count } = await db.prisma.signInLink.updateMany({ where: { id: tokenHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  if (count === 0) return null;
  const link = await db.prisma.signInLink.findUnique({ where: { id: tokenHash }, select: { host: { select: { id: true, email: true, displayName: true, createdAt: true } } } });
  return link?.host ?? null;
}
