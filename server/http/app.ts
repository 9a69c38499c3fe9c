/**
 * The HTTP side of the single port: health, the floor map for the client, stats, the
 * project's art under /assets, and the built client. Colyseus adds its own /matchmake
 * routes and the WebSocket upgrade on the same server.
 */
import fs from "node:fs";
import type { ServerResponse } from "node:http";
import path from "node:path";
import express, { type Request, type Response } from "express";
import expressStaticGzip from "express-static-gzip";
import { z } from "zod";
import { DEFAULT_VENUE, describeIssue, slugSchema } from "../../shared/protocol/messages.ts";
import { snapshot } from "../stats.ts";
import type { ClusterAnswer } from "../clusterStats.ts";
import { sameOriginOnly, storableQuery } from "./guards.ts";
import { childLog } from "../log.ts";

const httpLog = childLog({ part: "http" });

export interface FloorDocument {
  venue: string;
  slug: string;
  name: string;
  version: number;
  map: unknown;
}

export interface HttpDeps {
  rootDir: string;
  /** FOYER_PUBLIC_URL (the origin browsers use behind a proxy). */
  publicUrl: string | undefined;
  clientDir: string;
  venueName: string;
  databaseKind: () => string;
  isShuttingDown: () => boolean;
  getFloor(venue: string, floor: string): Promise<FloorDocument | null>;
  listFloors(venue: string): Promise<{ slug: string; name: string }[]>;
  mediaUsage(): Promise<object>;
  /** Every Foyer process's figures and their totals (server/clusterStats.ts); null until the server listens. */
  clusterStats(): Promise<ClusterAnswer | null>;
  /** Who may read /api/stats: signed-in hosts and holders of FOYER_STATS_TOKEN. */
  mayReadStats(req: Request): Promise<boolean>;
  /** Accounts, venues, floors, versions and assets (server/http/api). */
  apiRouter?: express.Router;
  debugMediaFlowing: ((floor: string) => Promise<Record<string, string[]>>) | undefined;
}

/** GET /api/floors/:slug?venue= — one value each (a repeated ?venue= is refused, not ignored). */
const floorRequest = z.object({ slug: slugSchema, venue: slugSchema.default(DEFAULT_VENUE) });

export function createHttpApp(deps: HttpDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(sameOriginOnly({ publicUrl: deps.publicUrl }));
  app.use(storableQuery);

  app.get("/healthz", (_req, res) => {
    if (deps.isShuttingDown()) {
      res.status(503).json({ status: "shutting-down" });
      return;
    }
    res.json({ status: "ok", database: deps.databaseKind() });
  });

  // What attendees need to walk in: the floor map. ?venue= picks the venue (default: the built-in one).
  app.get("/api/floors/:slug", async (req: Request, res: Response, next) => {
    const parsed = floorRequest.safeParse({ slug: req.params.slug, venue: req.query.venue });
    if (!parsed.success) {
      const { field, message } = describeIssue(parsed.error);
      res.status(400).json({ error: message, ...(field ? { field } : {}) });
      return;
    }
    const { slug: floor, venue } = parsed.data;
    try {
      const doc = await deps.getFloor(venue, floor);
      if (!doc) {
        res.status(404).json({ error: `floor "${floor}" of venue "${venue}" does not exist` });
        return;
      }
      res.json(doc);
    } catch (err) {
      next(err);
    }
  });

  app.get("/api/stats", async (req, res, next) => {
    try {
      if (!(await deps.mayReadStats(req))) {
        res.status(401).json({ error: "stats: sign in as a host, or send Authorization: Bearer <FOYER_STATS_TOKEN>", field: "stats" });
        return;
      }
      res.json({ ...snapshot(), media: await deps.mediaUsage(), cluster: await deps.clusterStats() });
    } catch (err) {
      next(err);
    }
  });

  if (deps.debugMediaFlowing) {
    const flowing = deps.debugMediaFlowing;
    app.get("/api/debug/floors/:slug/media", async (req, res, next) => {
      try {
        res.json(await flowing(String(req.params.slug)));
      } catch (err) {
        next(err);
      }
    });
  }

  if (deps.apiRouter) app.use("/api", deps.apiRouter);

  // The art the client draws; the generator's sources (assets/src) are not for the public.
  for (const dir of ["avatars", "tiles", "maps"]) {
    app.use(`/assets/${dir}`, express.static(path.join(deps.rootDir, "assets", dir), { fallthrough: false, maxAge: "1h", dotfiles: "deny" }));
  }
  app.use("/assets", (_req, res) => {
    res.status(404).json({ error: "path: no such asset", field: "path" });
  });

  const indexHtml = path.join(deps.clientDir, "index.html");
  if (fs.existsSync(indexHtml)) {
    // The build writes .br and .gz beside each script and style (vite.config.ts); the
    // smallest one the browser accepts is sent. Bundles in static/ carry a content hash in
    // their name, so they are cached for a year; pages are revalidated on every visit.
    app.use(
      expressStaticGzip(deps.clientDir, {
        enableBrotli: true,
        orderPreference: ["br", "gz"],
        index: false,
        serveStatic: { index: false, setHeaders: cacheHeaders(deps.clientDir) },
      }),
    );
    // The floor editor for hosts is its own page; it asks for sign-in itself.
    app.get("/editor", (_req, res) => res.set("Cache-Control", "no-cache").sendFile(path.join(deps.clientDir, "editor.html")));
    // Running events (guest lists, doors, feedback) is another page for hosts, likewise.
    app.get("/host", (_req, res) => res.set("Cache-Control", "no-cache").sendFile(path.join(deps.clientDir, "host.html")));
    app.get(/^\/(?!api\/|matchmake\/|assets\/|static\/).*/, (_req, res) => res.set("Cache-Control", "no-cache").sendFile(indexHtml));
  } else {
    app.get("/", (_req, res) => {
      res
        .status(503)
        .type("text")
        .send(`The Foyer client has not been built (${deps.clientDir} is missing). Run "npm run build", or use "npm run dev".`);
    });
  }

  app.use((_req, res) => {
    res.status(404).json({ error: "not found" });
  });
  app.use((err: unknown, req: Request, res: Response, _next: express.NextFunction) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // Errors Express and its parts raise for the request itself (a malformed
    // percent-escape in the path, a missing static file) carry a 4xx status.
    const status = clientErrorStatus(err);
    if (status === 404) {
      res.status(404).json({ error: "path: not found", field: "path" });
      return;
    }
    if (status !== undefined) {
      const why = err instanceof URIError || /decode/i.test(errorMessage(err)) ? "is not a valid URL (a malformed percent-escape)" : "is not a valid request";
      res.status(status).json({ error: `path: ${why}`, field: "path" });
      return;
    }
    httpLog.error({ err, method: req.method, path: req.path.slice(0, 200) }, "request failed");
    res.status(500).json({ error: "internal error" });
  });
  return app;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : "";
}

/** Hashed bundles (static/…-<hash>.js) never change; everything else is revalidated. */
function cacheHeaders(clientDir: string): (res: ServerResponse, file: string) => void {
  const bundles = path.join(clientDir, "static") + path.sep;
  return (res, file) => res.setHeader("Cache-Control", file.startsWith(bundles) ? "public, max-age=31536000, immutable" : "no-cache");
}

/** The 4xx status an error from Express, its router or serve-static carries, if any. */
function clientErrorStatus(err: unknown): number | undefined {
  if (err instanceof URIError) return 400;
  if (typeof err !== "object" || err === null) return undefined;
  const status = "status" in err ? err.status : "statusCode" in err ? err.statusCode : undefined;
  return typeof status === "number" && status >= 400 && status < 500 ? status : undefined;
}
