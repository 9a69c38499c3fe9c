/**
 * Venues, floors and floor versions. Reading a venue and a floor's current map is public
 * (attendees load them); everything else needs the signed-in host who owns the venue.
 * Every map passes through shared/map's Tiled importer (which ends with parseFloor)
 * before anything is stored.
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";
import { z } from "zod";
import { tilesetImagePath } from "../../../shared/map/images.ts";
import { zonesOfKind, type Floor } from "../../../shared/map/model.ts";
import { FloorError, type FloorProblem, type FloorWarning } from "../../../shared/map/parse.ts";
import { danglingPortals, portalsOf, portalTargets, spawnNamesOf } from "../../../shared/map/portals.ts";
import { exportTiled, importTiled, type TiledMap } from "../../../shared/map/tiled.ts";
import type { Database } from "../../db/database.ts";
import {
  createFloorWithVersion,
  createOwnedVenue,
  deleteFloor,
  findFloor,
  findVenue,
  getAsset,
  getFloorVersion,
  listAssets,
  listFloorVersions,
  listVenueFloors,
  listVenuesOwnedBy,
  renameFloor,
  saveFloorVersion,
  type OwnedVenue,
  type SavedFloor,
} from "../../db/hosts.ts";
import { SLUG_PATTERN } from "../../../shared/protocol/messages.ts";
import { hostOf, typed, type Auth } from "./auth.ts";
import { ApiError, chain, jsonBody, notFound, optionalJsonBody, validate } from "./errors.ts";

export function slug(what: string) {
  return z
    .string(typed("text"))
    .regex(SLUG_PATTERN, `must be a ${what} slug: 1 to 64 of a-z, 0-9 and -`);
}

const nameSchema = z.string(typed("text")).trim().min(1, "must not be empty").max(80, "must be at most 80 characters");
const noteSchema = z.string(typed("text")).trim().max(200, "must be at most 200 characters").optional();
const mapSchema = z.looseObject({}, typed("a Tiled JSON map (an object)"));
const versionSchema = z
  .number(typed("a whole number"))
  .int("must be a whole number")
  .min(1, "must be at least 1");

export const createVenueSchema = z.object({ name: nameSchema, slug: slug("venue") }, typed("a JSON object"));
/** External tilesets (.tsj) that came with an imported Tiled map, by the `source` path the map names. */
const tilesetsSchema = z.record(z.string().max(300), z.looseObject({}), typed("an object of .tsj files by source path")).optional();
export const createFloorSchema = z.object(
  { slug: slug("floor"), name: nameSchema, map: mapSchema, tilesets: tilesetsSchema, note: noteSchema },
  typed("a JSON object"),
);
export const saveFloorSchema = z.object(
  { map: mapSchema, tilesets: tilesetsSchema, expectedVersion: versionSchema, note: noteSchema },
  typed("a JSON object"),
);
export const renameFloorSchema = z.object({ name: nameSchema }, typed("a JSON object"));
export const restoreSchema = z.object({ expectedVersion: versionSchema.optional(), note: noteSchema }, typed("a JSON object"));

export interface VenueRoutesOptions {
  db: Database;
  auth: Auth;
  jsonLimit: number;
  onFloorPublished: (venueSlug: string, floorSlug: string, version: number) => void | Promise<void>;
  /** After a floor is deleted: live rooms on it send their people to `to` (the venue's first floor left). */
  onFloorRemoved: (venueSlug: string, floorSlug: string, to: { slug: string; name: string }) => void | Promise<void>;
  log: (msg: string) => void;
}

function publicFloor(f: SavedFloor) {
  return { slug: f.slug, name: f.name, version: f.version };
}

function publicVenue(v: OwnedVenue, hostId: string | undefined, floors?: SavedFloor[]) {
  return {
    slug: v.slug,
    name: v.name,
    owned: v.ownerId !== null,
    mine: hostId !== undefined && v.ownerId === hostId,
    createdAt: v.createdAt.toISOString(),
    ...(floors ? { floors: floors.map(publicFloor) } : {}),
  };
}

/** Route parameters as slugs; one that cannot exist is a 404. */
function paramSlug(req: Request, name: "venue" | "floor"): string {
  const value = String(req.params[name] ?? "");
  if (!SLUG_PATTERN.test(value)) throw notFound(name, `${name} "${value}" does not exist`);
  return value;
}

function paramVersion(req: Request): number {
  const raw = String(req.params.version ?? "");
  if (!/^[1-9][0-9]{0,8}$/.test(raw)) throw new ApiError(400, "version", "must be a whole number ≥ 1");
  return Number(raw);
}

/**
 * Loads the venue named in the URL into res.locals.venue: 404 if unknown, 403 unless the
 * signed-in host owns it. Runs after requireHost.
 */
export function ownedVenue(db: Database): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const host = hostOf(res);
      const venueSlug = paramSlug(req, "venue");
      const venue = await findVenue(db, venueSlug);
      if (!venue) throw notFound("venue", `venue "${venueSlug}" does not exist`);
      if (venue.ownerId === null) {
        throw new ApiError(403, "venue", `venue "${venueSlug}" has no owner, so nobody can edit it through the API`);
      }
      if (venue.ownerId !== host.id) throw new ApiError(403, "venue", `you do not own venue "${venueSlug}"`);
      res.locals.venue = venue;
      next();
    } catch (err) {
      next(err);
    }
  };
}

export function venueOf(res: Response): OwnedVenue {
  return res.locals.venue as OwnedVenue;
}

/** Validates a map; FloorError (400 with every problem) if it is broken. */
/**
 * Every map that is stored goes through the Tiled importer: compressed layer data is
 * decoded, external tilesets are embedded, limits are enforced, and parseFloor has the
 * last word. What is stored is the normalized map.
 */
function checkMap(map: unknown, tilesets?: Record<string, unknown>): { map: TiledMap; floor: Floor; warnings: FloorWarning[] } {
  // importTiled ends with parseFloor; its FloorError carries the problems.
  return importTiled(tilesets ? { map, tilesets } : { map });
}

/**
 * Portals of `floor` (to be stored as `floorSlug`) whose target floor or spawn is missing
 * in the venue. Reads only the floors the portals lead to.
 */
async function portalProblems(db: Database, venue: OwnedVenue, floorSlug: string, floor: Floor): Promise<FloorProblem[]> {
  const portals = zonesOfKind(floor, "portal");
  if (portals.length === 0) return [];
  const spawns = new Map<string, string[]>((await listVenueFloors(db, venue.id)).map((f) => [f.slug, []]));
  spawns.set(floorSlug, zonesOfKind(floor, "spawn").map((z) => z.name));
  for (const target of portalTargets(portals)) {
    if (target === floorSlug || !spawns.has(target)) continue;
    const other = await findFloor(db, venue.id, target);
    if (other) spawns.set(target, spawnNamesOf(other.mapJson));
  }
  return danglingPortals(portals, spawns);
}

/** The project's own art, served under /assets/<dir>/ by server/http/app.ts. */
const ASSETS_DIR = fileURLToPath(new URL("../../../assets/", import.meta.url));
const STATIC_ART = /^\/assets\/(avatars|tiles|maps)\/(.+)$/;
const UPLOADED = /^\/api\/venues\/([^/]+)\/assets\/([^/]+)$/;

/**
 * Every tileset image must be there before a map is published, or attendees see a blank
 * floor: an image uploaded to a venue, or the project's own art. Refused naming the
 * tileset and the file to upload.
 */
async function checkImages(db: Database, venue: OwnedVenue, map: TiledMap): Promise<void> {
  const uploaded = new Set((await listAssets(db, venue.id)).map((a) => a.name));
  const problems: FloorProblem[] = [];
  for (const ts of map.tilesets) {
    const images = ts.image !== undefined ? [ts.image] : (ts.tiles ?? []).flatMap((t) => (t.image ? [t.image] : []));
    for (const image of images) {
      const file = image.split(/[\\/]/).pop() ?? image;
      const refuse = (why: string) => problems.push({ where: `tileset "${ts.name}"`, problem: `image "${image}" ${why}` });
      let path: string;
      try {
        path = decodeURIComponent(tilesetImagePath(image));
      } catch {
        refuse("is not a valid path");
        continue;
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(image) && !image.startsWith("/")) {
        refuse(`is on another site; upload ${file} with the map so Foyer serves it`);
        continue;
      }
      const up = UPLOADED.exec(path);
      if (up) {
        const [, v = "", name = ""] = up;
        const there = v === venue.slug ? uploaded.has(name) : (await getAsset(db, v, name)) !== null;
        if (!there) refuse(`was never uploaded; upload ${name} with the map (Import, choosing the PNG together with the .tmj)`);
        continue;
      }
      const art = STATIC_ART.exec(path);
      const onDisk = art && !art[2]!.split("/").includes("..") && fs.existsSync(`${ASSETS_DIR}${art[1]}/${art[2]}`);
      if (!onDisk) refuse(`was not uploaded; upload ${file} with the map (Import, choosing the PNG together with the .tmj)`);
    }
  }
  if (problems.length) throw new FloorError(problems);
}

export function createVenueRouter(opts: VenueRoutesOptions): express.Router {
  const { db, auth } = opts;
  const router = express.Router();
  const json = jsonBody(opts.jsonLimit);
  const optionalJson = optionalJsonBody(opts.jsonLimit);
  const owner = chain(auth.requireHost, ownedVenue(db));

  async function published(venueSlug: string, floorSlug: string, version: number): Promise<void> {
    try {
      await opts.onFloorPublished(venueSlug, floorSlug, version);
    } catch (err) {
      // The save is committed; a room that failed to reload must not turn it into an error.
      opts.log(`[api] onFloorPublished(${venueSlug}, ${floorSlug}, ${version}) failed: ${String(err)}`);
    }
  }

  async function floorOr404(venue: OwnedVenue, req: Request): Promise<SavedFloor & { mapJson: unknown }> {
    const floorSlug = paramSlug(req, "floor");
    const floor = await findFloor(db, venue.id, floorSlug);
    if (!floor) throw notFound("floor", `floor "${floorSlug}" does not exist in venue "${venue.slug}"`);
    return floor;
  }

  // ---- venues

  router.post("/", auth.requireHost, json, async (req, res) => {
    const host = hostOf(res);
    const body = validate(createVenueSchema, req.body);
    const venue = await createOwnedVenue(db, { slug: body.slug, name: body.name, ownerId: host.id });
    res.status(201).json({ venue: publicVenue(venue, host.id, []) });
  });

  router.get("/", auth.requireHost, async (_req, res) => {
    const host = hostOf(res);
    const venues = await listVenuesOwnedBy(db, host.id);
    res.json({ venues: venues.map((v) => publicVenue(v, host.id)) });
  });

  router.get("/:venue", auth.identify, async (req, res) => {
    const venueSlug = paramSlug(req, "venue");
    const venue = await findVenue(db, venueSlug);
    if (!venue) throw notFound("venue", `venue "${venueSlug}" does not exist`);
    const host = res.locals.host as { id: string } | null;
    res.json({ venue: publicVenue(venue, host?.id, await listVenueFloors(db, venue.id)) });
  });

  // ---- floors

  router.post("/:venue/floors", owner, json, async (req, res) => {
    const host = hostOf(res);
    const venue = venueOf(res);
    const body = validate(createFloorSchema, req.body);
    const { map, floor: parsed, warnings } = checkMap(body.map, body.tilesets);
    await checkImages(db, venue, map);
    // A new floor may lead to floors not made yet (maps that link to each other are
    // imported one by one): a warning now; saving it again is refused until they exist.
    for (const p of await portalProblems(db, venue, body.slug, parsed))
      warnings.push({ where: p.where, warning: `${p.problem} (Save & publish is refused until it leads somewhere)` });
    const floor = await createFloorWithVersion(db, {
      venueId: venue.id,
      slug: body.slug,
      name: body.name,
      mapJson: map,
      hostId: host.id,
      note: body.note ?? null,
    });
    await published(venue.slug, floor.slug, floor.version);
    res.status(201).json({ floor: publicFloor(floor), warnings });
  });

  /** The current (published) map. Public, like the map the client loads to play. */
  router.get("/:venue/floors/:floor", async (req, res) => {
    const venueSlug = paramSlug(req, "venue");
    const venue = await findVenue(db, venueSlug);
    if (!venue) throw notFound("venue", `venue "${venueSlug}" does not exist`);
    const floor = await floorOr404(venue, req);
    res.json({ floor: { ...publicFloor(floor), map: floor.mapJson } });
  });

  /** Save & publish: the next version, if nobody saved since `expectedVersion`. */
  router.put("/:venue/floors/:floor", owner, json, async (req, res) => {
    const host = hostOf(res);
    const venue = venueOf(res);
    const floor = await floorOr404(venue, req);
    const body = validate(saveFloorSchema, req.body);
    const { map, floor: parsed, warnings } = checkMap(body.map, body.tilesets);
    await checkImages(db, venue, map);
    const dangling = await portalProblems(db, venue, floor.slug, parsed);
    if (dangling.length) throw new FloorError(dangling);
    const saved = await saveFloorVersion(db, {
      floorId: floor.id,
      mapJson: map,
      expectedVersion: body.expectedVersion,
      hostId: host.id,
      note: body.note ?? null,
    });
    if (!saved) throw notFound("floor", `floor "${floor.slug}" does not exist in venue "${venue.slug}"`);
    await published(venue.slug, saved.slug, saved.version);
    res.json({ floor: publicFloor(saved), warnings });
  });

  /** Rename a floor (its slug, which portals and links use, stays). */
  router.patch("/:venue/floors/:floor", owner, json, async (req, res) => {
    const venue = venueOf(res);
    const floor = await floorOr404(venue, req);
    const body = validate(renameFloorSchema, req.body);
    const renamed = await renameFloor(db, floor.id, body.name);
    res.json({ floor: publicFloor(renamed) });
  });

  /**
   * Delete a floor and its versions. Refused for a venue's last floor, and while portals
   * on other floors lead to it (naming them), so no portal is left dangling. Anyone on it
   * is moved to the venue's main (first remaining) floor.
   */
  router.delete("/:venue/floors/:floor", owner, async (req, res) => {
    const venue = venueOf(res);
    const floor = await floorOr404(venue, req);
    const floors = await listVenueFloors(db, venue.id);
    if (floors.length <= 1) throw new ApiError(409, "floor", `floor "${floor.slug}" is the only floor of venue "${venue.slug}"; add another floor before deleting it`);
    const leading: string[] = [];
    for (const other of floors) {
      if (other.slug === floor.slug) continue;
      const row = await findFloor(db, venue.id, other.slug);
      for (const p of portalsOf(row?.mapJson)) if (p.target === floor.slug) leading.push(`portal "${p.name}" on floor "${other.slug}"`);
    }
    if (leading.length)
      throw new ApiError(409, "floor", `floor "${floor.slug}" is the target of ${leading.join(", ")}; change or delete ${leading.length === 1 ? "that portal" : "those portals"} first`);
    await deleteFloor(db, floor.id);
    // People standing on it go to the venue's main floor (its first), told why.
    const main = floors.find((f) => f.slug !== floor.slug)!;
    try {
      await opts.onFloorRemoved(venue.slug, floor.slug, { slug: main.slug, name: main.name });
    } catch (err) {
      opts.log(`[api] onFloorRemoved(${venue.slug}, ${floor.slug}) failed: ${String(err)}`);
    }
    res.status(204).end();
  });

  /** The floor as Tiled files: a .tmj with tilesets embedded, ready to open in Tiled. */
  router.get("/:venue/floors/:floor/export", owner, async (req, res) => {
    const floor = await floorOr404(venueOf(res), req);
    const exported = exportTiled(importTiled({ map: floor.mapJson }).map);
    // Tiled looks for tileset images next to the map: name them by file name only, and
    // list where to download each one (the editor offers them beside the .tmj).
    const images: { file: string; url: string }[] = [];
    const nextToMap = (image: string): string => {
      const file = image.split("/").pop() ?? image;
      if (!images.some((i) => i.file === file)) images.push({ file, url: tilesetImagePath(image) });
      return file;
    };
    // Tileset sheets, and each tile's own image in image collections (furniture placed as objects).
    for (const ts of (exported.map as { tilesets?: { image?: string; tiles?: { image?: string }[] }[] }).tilesets ?? []) {
      if (ts.image) ts.image = nextToMap(ts.image);
      for (const t of ts.tiles ?? []) if (t.image) t.image = nextToMap(t.image);
    }
    if (req.query.images !== undefined) {
      res.json({ images });
      return;
    }
    res.setHeader("Content-Disposition", `attachment; filename="${floor.slug}.tmj"`);
    res.type("application/json").send(JSON.stringify(exported.map, null, 1));
  });

  // ---- versions

  router.get("/:venue/floors/:floor/versions", owner, async (req, res) => {
    const floor = await floorOr404(venueOf(res), req);
    const versions = await listFloorVersions(db, floor.id);
    res.json({
      current: floor.version,
      versions: versions.map((v) => ({
        version: v.version,
        createdAt: v.createdAt.toISOString(),
        note: v.note,
        createdBy: v.createdBy,
      })),
    });
  });

  router.get("/:venue/floors/:floor/versions/:version", owner, async (req, res) => {
    const venue = venueOf(res);
    const floor = await floorOr404(venue, req);
    const version = paramVersion(req);
    const row = await getFloorVersion(db, floor.id, version);
    if (!row) throw notFound("version", `floor "${floor.slug}" has no version ${version}`);
    res.json({
      version: row.version,
      createdAt: row.createdAt.toISOString(),
      note: row.note,
      createdBy: row.createdBy,
      current: row.version === floor.version,
      map: row.mapJson,
    });
  });

  /** Publishes an old version's map again, as a new version (history is never rewritten). */
  router.post("/:venue/floors/:floor/versions/:version/restore", owner, optionalJson, async (req, res) => {
    const host = hostOf(res);
    const venue = venueOf(res);
    const floor = await floorOr404(venue, req);
    const version = paramVersion(req);
    const body = validate(restoreSchema, req.body ?? {});
    const row = await getFloorVersion(db, floor.id, version);
    if (!row) throw notFound("version", `floor "${floor.slug}" has no version ${version}`);
    // The rules may have tightened since it was saved, and floors may have gone.
    const dangling = await portalProblems(db, venue, floor.slug, checkMap(row.mapJson).floor);
    if (dangling.length) throw new FloorError(dangling);
    const saved = await saveFloorVersion(db, {
      floorId: floor.id,
      mapJson: row.mapJson,
      expectedVersion: body.expectedVersion ?? floor.version,
      hostId: host.id,
      note: body.note ?? `restored version ${version}`,
    });
    if (!saved) throw notFound("floor", `floor "${floor.slug}" does not exist in venue "${venue.slug}"`);
    await published(venue.slug, saved.slug, saved.version);
    res.status(201).json({ floor: publicFloor(saved), restoredFrom: version });
  });

  return router;
}
