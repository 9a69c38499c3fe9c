/**
 * Uploaded images (tilesets) of a venue. Upload: the venue's owner sends the PNG file as
 * the raw body (`Content-Type: image/png`, `?name=tiles.png`); its size in bytes and in
 * pixels is limited, and it must be a well-formed PNG, before anything is stored.
 * Download: public, since every attendee's client draws the floor with it.
 */
import express from "express";
import { z } from "zod";
import type { Database } from "../../db/database.ts";
import { getAsset, listAssets, putAsset } from "../../db/hosts.ts";
import { hostOf, typed, type Auth } from "./auth.ts";
import { ApiError, notFound, parsedBody, validate } from "./errors.ts";
import { checkPng, PngError } from "./png.ts";
import { SLUG_PATTERN } from "../../../shared/protocol/messages.ts";
import { ownedVenue, venueOf } from "./venues.ts";

export const ASSET_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

const nameSchema = z
  .string(typed("text"))
  .regex(ASSET_NAME_RE, "must be 1 to 100 of A-Z, a-z, 0-9, '.', '_' and '-', starting with a letter or digit");

export interface AssetRoutesOptions {
  db: Database;
  auth: Auth;
  maxBytes: number;
  maxSide: number;
}

export function createAssetRouter(opts: AssetRoutesOptions): express.Router {
  const { db, auth } = opts;
  const router = express.Router();
  const raw = parsedBody(express.raw({ type: "image/png", limit: opts.maxBytes }), opts.maxBytes, "the image");

  router.post(
    "/:venue/assets",
    auth.requireHost,
    ownedVenue(db),
    (req, _res, next) => {
      // Refuse before reading the body: wrong type, bad name.
      if (!req.is("image/png")) {
        const got = req.headers["content-type"] ?? "none";
        return next(
          new ApiError(415, "contentType", `must be image/png (got ${got}); send the PNG file itself as the request body`),
        );
      }
      try {
        validate(z.object({ name: nameSchema }), { name: req.query.name });
      } catch (err) {
        return next(err);
      }
      next();
    },
    raw,
    async (req, res) => {
      hostOf(res);
      const venue = venueOf(res);
      const name = String(req.query.name);
      const bytes = req.body;
      if (!Buffer.isBuffer(bytes) || bytes.length === 0) throw new ApiError(400, "image", "is empty");
      let info;
      try {
        info = checkPng(bytes);
      } catch (err) {
        if (err instanceof PngError) throw new ApiError(400, "image", err.message);
        throw err;
      }
      if (info.width > opts.maxSide || info.height > opts.maxSide) {
        throw new ApiError(
          413,
          "image",
          `is ${info.width}×${info.height} pixels; the limit is ${opts.maxSide}×${opts.maxSide}`,
        );
      }
      const saved = await putAsset(db, {
        venueId: venue.id,
        name,
        contentType: "image/png",
        bytes,
        width: info.width,
        height: info.height,
      });
      res.status(saved.replaced ? 200 : 201).json({
        asset: {
          name: saved.name,
          width: saved.width,
          height: saved.height,
          size: saved.size,
          url: `/api/venues/${encodeURIComponent(venue.slug)}/assets/${encodeURIComponent(saved.name)}`,
        },
        replaced: saved.replaced,
      });
    },
  );

  router.get("/:venue/assets", auth.requireHost, ownedVenue(db), async (_req, res) => {
    const venue = venueOf(res);
    const assets = await listAssets(db, venue.id);
    res.json({
      assets: assets.map((a) => ({
        name: a.name,
        contentType: a.contentType,
        width: a.width,
        height: a.height,
        createdAt: a.createdAt.toISOString(),
        url: `/api/venues/${encodeURIComponent(venue.slug)}/assets/${encodeURIComponent(a.name)}`,
      })),
    });
  });

  router.get("/:venue/assets/:name", async (req, res) => {
    const venueSlug = String(req.params.venue);
    const name = String(req.params.name);
    if (!SLUG_PATTERN.test(venueSlug) || !ASSET_NAME_RE.test(name)) throw notFound("name", `asset "${name}" does not exist`);
    const asset = await getAsset(db, venueSlug, name);
    if (!asset) throw notFound("name", `asset "${name}" does not exist in venue "${venueSlug}"`);
    res.set({
      "Content-Type": asset.contentType,
      "Cache-Control": "public, max-age=60, must-revalidate",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'",
      "Last-Modified": asset.createdAt.toUTCString(),
    });
    // Express adds an ETag from the bytes and answers If-None-Match with 304.
    res.send(Buffer.from(asset.bytes.buffer, asset.bytes.byteOffset, asset.bytes.byteLength));
  });

  return router;
}
