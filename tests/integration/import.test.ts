// Importing maps from the Tiled ecosystem through the API: what a host gets back
// (warnings for what Foyer dropped) and what is refused before anything is stored (a
// tileset image that was never uploaded, a portal that leads nowhere), and a venue's
// floors added, renamed and deleted. The API router in this process, on PGlite.
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import express from "express";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, seedVenue, type Database } from "../../server/db/index.ts";
import { createApiRouter } from "../../server/http/api/index.ts";
import { FIXTURES } from "../fixtures/tiled/fixtures.ts";
import { makeMap, ROOM_PLAN, ROOM_ZONES } from "../support/maps.ts";

const TIMEOUT = 60_000;

let db: Database;
let server: http.Server;
let base = "";
let cookie = "";
const dir = mkdtempSync(path.join(os.tmpdir(), "foyer-import-"));

async function call(method: string, url: string, body?: unknown, type = "application/json"): Promise<{ status: number; body: any }> {
  const res = await fetch(base + url, {
    method,
    headers: { ...(body !== undefined ? { "content-type": type } : {}), ...(cookie ? { cookie } : {}) },
    body: body === undefined ? undefined : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
  });
  const set = res.headers.getSetCookie().find((c) => c.startsWith("foyer_session="));
  if (set) cookie = set.split(";")[0]!;
  return { status: res.status, body: await res.json().catch(() => null) };
}

function png(width: number, height: number): Buffer {
  const img = new PNG({ width, height });
  img.data.fill(200);
  return PNG.sync.write(img);
}

beforeAll(async () => {
  db = await openDatabase({ dataDir: path.join(dir, "pglite") });
  await seedVenue(db, { slug: "foyer", name: "Foyer", floors: [{ slug: "main", name: "Main hall", mapJson: makeMap(ROOM_PLAN, ROOM_ZONES) }] });
  const app = express();
  app.use("/api", createApiRouter({ db, log: () => {} }));
  app.use((_req, res) => void res.status(404).json({ error: "not found" }));
  server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  expect((await call("POST", "/api/auth/signup", { email: "host@example.com", password: "correct horse battery", displayName: "Host" })).status).toBe(201);
  expect((await call("POST", "/api/venues", { name: "Con", slug: "con" })).status).toBe(201);
}, TIMEOUT);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("importing through the API", () => {
  it("a WorkAdventure map is accepted, with the warnings in the answer", async () => {
    const res = await call("POST", "/api/venues/con/floors", { slug: "hall", name: "Hall", map: FIXTURES["workadventure-areas"]().map });
    expect(res.status).toBe(201);
    expect(res.body.floor).toEqual({ slug: "hall", name: "Hall", version: 1 });
    expect(res.body.warnings).toContainEqual({ where: "map", warning: 'dropped: 3 website objects (Foyer has no embedded websites): "Agenda", "Sponsors", "object 7"' });
    // Its exit leads to the lobby's "from-hall", which does not exist yet: said, and saving
    // it again is refused until it does.
    expect(res.body.warnings).toContainEqual({
      where: expect.stringMatching(/"To the lobby"$/),
      warning: expect.stringMatching(/^portal leads to floor "lobby", which does not exist in this venue.*\(Save & publish is refused until it leads somewhere\)$/),
    });
    const stored = await call("GET", "/api/venues/con/floors/hall");
    const early = await call("PUT", "/api/venues/con/floors/hall", { map: stored.body.floor.map, expectedVersion: 1 });
    expect(early.status).toBe(400);
    expect(early.body.problems).toEqual([{ where: expect.stringMatching(/"To the lobby"$/), problem: expect.stringMatching(/^portal leads to floor "lobby", which does not exist/) }]);
    const lobby = makeMap(ROOM_PLAN, [{ name: "from-hall", class: "spawn", x: 1, y: 1, w: 2, h: 2 }]);
    expect((await call("POST", "/api/venues/con/floors", { slug: "lobby", name: "Lobby", map: lobby })).status).toBe(201);
    // Saving the stored map again: nothing left to warn about.
    const again = await call("PUT", "/api/venues/con/floors/hall", { map: stored.body.floor.map, expectedVersion: 1 });
    expect(again.status).toBe(200);
    expect(again.body.warnings).toEqual([]);
  }, TIMEOUT);

  it("a tileset image that was never uploaded is refused at save, naming the tileset and the file", async () => {
    const map = makeMap(ROOM_PLAN, ROOM_ZONES);
    (map.tilesets as { image: string }[])[0]!.image = "office.png";
    const res = await call("POST", "/api/venues/con/floors", { slug: "office", name: "Office", map });
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([
      { where: 'tileset "test"', problem: 'image "office.png" was not uploaded; upload office.png with the map (Import, choosing the PNG together with the .tmj)' },
    ]);
    (map.tilesets as { image: string }[])[0]!.image = "/api/venues/con/assets/office.png";
    expect((await call("POST", "/api/venues/con/floors", { slug: "office", name: "Office", map })).body.problems[0].problem).toMatch(
      /was never uploaded; upload office.png/,
    );
    expect((await call("POST", "/api/venues/con/assets?name=office.png", png(128, 32), "image/png")).status).toBe(201);
    expect((await call("POST", "/api/venues/con/floors", { slug: "office", name: "Office", map })).status).toBe(201);
  }, TIMEOUT);

  it("an image-collection tileset's images are checked one by one", async () => {
    const { map } = FIXTURES["collision-objects"]();
    const res = await call("POST", "/api/venues/con/floors", { slug: "lounge", name: "Lounge", map });
    expect(res.status).toBe(400);
    expect(res.body.problems.map((p: { where: string; problem: string }) => `${p.where}: ${p.problem}`)).toEqual([
      'tileset "furniture": image "../tiles/chair.png" was not uploaded; upload chair.png with the map (Import, choosing the PNG together with the .tmj)',
      'tileset "furniture": image "../tiles/bookcase.png" was not uploaded; upload bookcase.png with the map (Import, choosing the PNG together with the .tmj)',
      'tileset "tall": image "../tiles/tall.png" was not uploaded; upload tall.png with the map (Import, choosing the PNG together with the .tmj)',
    ]);
  }, TIMEOUT);

  it("an unknown asset answers 404, never 500", async () => {
    expect((await call("GET", "/api/venues/con/assets/nothing.png")).status).toBe(404);
    expect((await call("GET", "/api/venues/nowhere/assets/nothing.png")).status).toBe(404);
    expect((await call("GET", "/api/venues/con/assets/..%2Fetc")).status).toBe(404);
  }, TIMEOUT);
});

/** A small floor with a spawn "Entrance" and, if given, a portal "Stairs" to `target` (and spawn). */
function floorWithPortal(target?: string, targetSpawn?: string): Record<string, unknown> {
  const props: Record<string, string> = target === undefined ? {} : { target, ...(targetSpawn ? { targetSpawn } : {}) };
  return makeMap(ROOM_PLAN, [ROOM_ZONES[0]!, ...(target === undefined ? [] : [{ name: "Stairs", class: "portal", x: 5, y: 5, w: 1, h: 1, props }])]);
}

describe("a venue's floors", () => {
  it("a saved portal must lead to a floor of the venue and a spawn on it: refused at save, naming the portal", async () => {
    expect((await call("POST", "/api/venues", { name: "Towers", slug: "towers" })).status).toBe(201);
    expect((await call("POST", "/api/venues/towers/floors", { slug: "ground", name: "Ground", map: floorWithPortal() })).status).toBe(201);

    const nowhere = await call("PUT", "/api/venues/towers/floors/ground", { map: floorWithPortal("roof"), expectedVersion: 1 });
    expect(nowhere.status).toBe(400);
    expect(nowhere.body.problems).toEqual([
      { where: 'object 2 "Stairs"', problem: 'portal leads to floor "roof", which does not exist in this venue; choose one of "ground" as its target, or add that floor first' },
    ]);
    expect((await call("POST", "/api/venues/towers/floors", { slug: "roof", name: "Roof", map: floorWithPortal("ground") })).status).toBe(201);
    const noSpawn = await call("PUT", "/api/venues/towers/floors/ground", { map: floorWithPortal("roof", "Helipad"), expectedVersion: 1 });
    expect(noSpawn.status).toBe(400);
    expect(noSpawn.body.problems).toEqual([
      {
        where: 'object 2 "Stairs"',
        problem: 'portal leads to spawn "Helipad" on floor "roof", which has no spawn zone of that name; choose one of "Entrance", or leave it empty for the floor\'s first spawn',
      },
    ]);
    // Nothing was stored by the refusals.
    expect((await call("GET", "/api/venues/towers/floors/ground")).body.floor.version).toBe(1);
    expect((await call("PUT", "/api/venues/towers/floors/ground", { map: floorWithPortal("roof", "Entrance"), expectedVersion: 1 })).status).toBe(200);
  }, TIMEOUT);

  it("adds, renames and deletes floors; a floor a portal leads to, or a venue's last floor, is not deleted", async () => {
    expect((await call("POST", "/api/venues", { name: "Annex", slug: "annex" })).status).toBe(201);
    expect((await call("POST", "/api/venues/annex/floors", { slug: "hall", name: "Hall", map: floorWithPortal() })).status).toBe(201);
    expect((await call("POST", "/api/venues/annex/floors", { slug: "attic", name: "Attic", map: floorWithPortal("hall") })).status).toBe(201);

    const renamed = await call("PATCH", "/api/venues/annex/floors/attic", { name: "  Loft " });
    expect(renamed.status).toBe(200);
    expect(renamed.body.floor).toEqual({ slug: "attic", name: "Loft", version: 1 });
    const blank = await call("PATCH", "/api/venues/annex/floors/attic", { name: " " });
    expect(blank.status).toBe(400);
    expect(blank.body.error).toMatch(/name/);
    expect((await call("PATCH", "/api/venues/annex/floors/cellar", { name: "Cellar" })).status).toBe(404);
    expect((await call("GET", "/api/venues/annex")).body.venue.floors).toEqual([
      { slug: "hall", name: "Hall", version: 1 },
      { slug: "attic", name: "Loft", version: 1 },
    ]);

    const targeted = await call("DELETE", "/api/venues/annex/floors/hall");
    expect(targeted.status).toBe(409);
    expect(targeted.body.error).toBe('floor: floor "hall" is the target of portal "Stairs" on floor "attic"; change or delete that portal first');

    expect((await call("DELETE", "/api/venues/annex/floors/attic")).status).toBe(204);
    expect((await call("GET", "/api/venues/annex/floors/attic")).status).toBe(404);
    expect((await call("GET", "/api/venues/annex/floors/attic/versions")).status).toBe(404);
    const last = await call("DELETE", "/api/venues/annex/floors/hall");
    expect(last.status).toBe(409);
    expect(last.body.error).toBe('floor: floor "hall" is the only floor of venue "annex"; add another floor before deleting it');
    expect((await call("GET", "/api/venues/annex")).body.venue.floors).toEqual([{ slug: "hall", name: "Hall", version: 1 }]);
  }, TIMEOUT);
});
