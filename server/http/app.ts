/**
 * The HTTP side of the single port: health, the floor map for the client, stats, the
 * project's art under /assets, and the built client. Colyseus adds its own /matchmake
 * routes and the WebSocket upgrade on the same server.
 */
import fs from "node:fs";
import path from "node:path";
import express, { type Request, type Response } from "express";
import { z } from "zod";
import { snapshot } from "../stats.ts";

export interface FloorDocument {
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
  getFloor(slug: string): Promise<FloorDocument | null>;
  listFloors(): Promise<{ slug: string; name: string }[]>;
  mediaUsage(): Promise<object>;
  debugMediaFlowing: ((floor: string) => Promise<Record<string, string[]>>) | undefined;
}

const floorSlug = z.string().regex(/^[a-z0-9-]{1,64}$/, "must be a floor slug (a-z, 0-9, -)");

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

  app.get("/api/venue", async (_req, res, next) => {
    try {
      res.json({ name: deps.venueName, floors: await deps.listFloors() });
    } catch (err) {
      next(err);
    }
  });

  app.get("/api/floors/:slug", async (req: Request, res: Response, next) => {
    const slug = floorSlug.safeParse(req.params.slug);
    if (!slug.success) {
      res.status(400).json({ error: `slug: ${slug.error.issues[0]?.message}`, field: "slug" });
      return;
    }
    try {
      const floor = await deps.getFloor(slug.data);
      if (!floor) {
        res.status(404).json({ error: `floor "${slug.data}" does not exist` });
        return;
      }
      res.json(floor);
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

  app.use("/assets", express.static(path.join(deps.rootDir, "assets"), { fallthrough: false, maxAge: "1h" }));

  const indexHtml = path.join(deps.clientDir, "index.html");
  if (fs.existsSync(indexHtml)) {
    app.use(express.static(deps.clientDir, { index: false, maxAge: "1h" }));
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
