/**
 * The HTTP side of the single port: health, the floor map for the client, stats, the
 * project's art under /assets, and the built client. Colyseus adds its own /matchmake
 * routes and the WebSocket upgrade on the same server.
 */
import fs from "node:fs";
import path from "node:path";
import express, { type Request, type Response } from "express";
import { z } from "zod";
import { DEFAULT_VENUE, describeIssue, slugSchema } from "../../shared/protocol/messages.ts";
import { snapshot } from "../stats.ts";

export interface FloorDocument {
  venue: string;
  slug: string;
  name: string;
  version: number;
  map: unknown;
}

export interface HttpDeps {
  rootDir: string;
  clientDir: string;
  venueName: string;
  databaseKind: () => string;
  isShuttingDown: () => boolean;
  getFloor(venue: string, floor: string): Promise<FloorDocument | null>;
  listFloors(venue: string): Promise<{ slug: string; name: string }[]>;
  mediaUsage(): Promise<object>;
  /** Accounts, venues, floors, versions and assets (server/http/api). */
  apiRouter?: express.Router;
  debugMediaFlowing: ((floor: string) => Promise<Record<string, string[]>>) | undefined;
}

/** GET /api/floors/:slug?venue= — one value each (a repeated ?venue= is refused, not ignored). */
const floorRequest = z.object({ slug: slugSchema, venue: slugSchema.default(DEFAULT_VENUE) });

export function createHttpApp(deps: HttpDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");

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

  app.get("/api/stats", async (_req, res, next) => {
    try {
      res.json({ ...snapshot(), media: await deps.mediaUsage() });
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

  app.use("/assets", express.static(path.join(deps.rootDir, "assets"), { fallthrough: false, maxAge: "1h" }));

  const indexHtml = path.join(deps.clientDir, "index.html");
  if (fs.existsSync(indexHtml)) {
    app.use(express.static(deps.clientDir, { index: false, maxAge: "1h" }));
    // The floor editor for hosts is its own page; it asks for sign-in itself.
    app.get("/editor", (_req, res) => res.sendFile(path.join(deps.clientDir, "editor.html")));
    app.get(/^\/(?!api\/|matchmake\/|assets\/).*/, (_req, res) => res.sendFile(indexHtml));
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
  app.use((err: unknown, _req: Request, res: Response, _next: express.NextFunction) => {
    console.error("[http]", err);
    res.status(500).json({ error: "internal error" });
  });
  return app;
}
