// Importing maps from the Tiled ecosystem through the API: what a host gets back
// (warnings for what Foyer dropped) and what is refused before anything is stored (a
// tileset image that was never uploaded). The API router in this process, on PGlite.
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
    // Saving the stored map again: nothing left to warn about.
    const stored = await call("GET", "/api/venues/con/floors/hall");
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
