/**
 * A venue's moderation log for its host (/api/venues/:venue/moderation): every action
 * hosts and moderators took on its floors and every refused attempt, newest first
 * (issue #12). Read-only: commands are given in the room, where roles are checked.
 */
import express from "express";
import { z } from "zod";
import type { Database } from "../../db/database.ts";
import { moderationLog } from "../../db/moderation.ts";
import type { Auth } from "./auth.ts";
import { chain, validate } from "./errors.ts";
import { ownedVenue, venueOf } from "./venues.ts";

export interface ModerationRoutesOptions {
  db: Database;
  auth: Auth;
}

const query = z.object({ limit: z.coerce.number().int().min(1).max(500).default(200) }).strict();

export function createModerationRouter({ db, auth }: ModerationRoutesOptions): express.Router {
  const router = express.Router();
  router.get("/venues/:venue/moderation", chain(auth.requireHost, ownedVenue(db)), async (req, res) => {
    const { limit } = validate(query, req.query);
    res.json({ actions: await moderationLog(db, venueOf(res).slug, limit) });
  });
  return router;
}
