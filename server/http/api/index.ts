/**
 * Foyer's REST API for hosts: accounts (/auth), venues, floors with their version history
 * (/venues), and uploaded tileset images (/venues/:venue/assets). Mounted at /api:
 *
 *   app.use("/api", createApiRouter({ db, onFloorPublished }))
 *
 * before the app's 404 handler. Errors are JSON `{ error: "<field>: <message>", field }`:
 * 400 invalid input, 401 not signed in, 403 not the venue's owner, 404 unknown,
 * 409 taken or version conflict, 413 too large, 415 wrong content type.
 */
import express from "express";
import type { Database } from "../../db/database.ts";
import { createAssetRouter } from "./assets.ts";
import { createAuth, type AuthOptions } from "./auth.ts";
import { apiErrorHandler } from "./errors.ts";
import { childLog } from "../../log.ts";

const apiLog = childLog({ part: "api" });
import { createVenueRouter } from "./venues.ts";
import { createEventRouter } from "./events.ts";
import { createPeopleRouter } from "./people.ts";
import { createNetworkingRouter } from "./networking.ts";
import { createModerationRouter } from "./moderation.ts";
import type { Mailer } from "../../mail.ts";

export interface ApiLimits {
  /** Largest JSON request body (a map upload), bytes. */
  jsonBodyBytes: number;
  /** Largest uploaded image, bytes. */
  assetBytes: number;
  /** Largest uploaded image side, pixels. */
  assetMaxSide: number;
  /** How long a sign-in lasts, ms. */
  sessionTtlMs: number;
}

export const DEFAULT_API_LIMITS: ApiLimits = {
  jsonBodyBytes: 5 * 1024 * 1024,
  assetBytes: 2 * 1024 * 1024,
  assetMaxSide: 4096,
  sessionTtlMs: 14 * 24 * 60 * 60 * 1000,
};

export interface ApiDeps {
  db: Database;
  /**
   * Called after a floor's new version is committed (created, saved or restored), so live
   * rooms can switch to it. Awaited; a failure is logged, the save still succeeds.
   */
  onFloorPublished?: (venueSlug: string, floorSlug: string, version: number) => void | Promise<void>;
  /** Called after a floor is deleted, so live rooms on it send their people to `to`. A failure is logged. */
  onFloorRemoved?: (venueSlug: string, floorSlug: string, to: { slug: string; name: string }) => void | Promise<void>;
  /** Mark the session cookie Secure (serve over HTTPS). Also set per request when req.secure. */
  secureCookies?: boolean;
  limits?: Partial<ApiLimits>;
  log?: (msg: string) => void;
  /** Sign-in and sign-up attempts per client address per minute (default 100). */
  signinsPerClient?: number;
  /** Invitations by mail (FOYER_SMTP_URL), or null. */
  mailer?: Mailer | null;
  /** FOYER_PUBLIC_URL, for links in invitations. */
  publicUrl?: string | undefined;
  /** Live rooms of a venue re-read its events (opened early, ended, changed). */
  onEventChanged?: (venueSlug: string) => void | Promise<void>;
  /** Claiming the built-in venue with the setup token printed at first start. */
  setupToken?: AuthOptions["setupToken"];
}

export { SESSION_COOKIE } from "./auth.ts";

export function createApiRouter(deps: ApiDeps): express.Router {
  const limits = { ...DEFAULT_API_LIMITS, ...deps.limits };
  const log = deps.log ?? ((m: string) => apiLog.warn(m));
  const auth = createAuth({
    db: deps.db,
    sessionTtlMs: limits.sessionTtlMs,
    secureCookies: deps.secureCookies ?? false,
    jsonLimit: 64 * 1024,
    ...(deps.setupToken ? { setupToken: deps.setupToken } : {}),
    signinsPerClient: deps.signinsPerClient ?? 100,
    mailer: deps.mailer ?? null,
    publicUrl: deps.publicUrl,
  });

  const router = express.Router();
  router.use((_req, res, next) => {
    res.set("Cache-Control", "no-store"); // asset downloads override this
    next();
  });
  router.use("/auth", auth.router);
  router.use("/people", createPeopleRouter({ db: deps.db, auth, secureCookies: deps.secureCookies ?? false }));
  router.use("/networking", createNetworkingRouter({ db: deps.db, auth }));
  router.use(createModerationRouter({ db: deps.db, auth }));
  router.use(
    createEventRouter({
      db: deps.db,
      auth,
      mailer: deps.mailer ?? null,
      publicUrl: deps.publicUrl,
      onEventChanged: deps.onEventChanged ?? (() => {}),
    }),
  );
  router.use(
    "/venues",
    createAssetRouter({ db: deps.db, auth, maxBytes: limits.assetBytes, maxSide: limits.assetMaxSide }),
  );
  router.use(
    "/venues",
    createVenueRouter({
      db: deps.db,
      auth,
      jsonLimit: limits.jsonBodyBytes,
      onFloorPublished: deps.onFloorPublished ?? (() => {}),
      onFloorRemoved: deps.onFloorRemoved ?? (() => {}),
      log,
    }),
  );
  router.use(apiErrorHandler());
  return router;
}
