/**
 * Checks every HTTP request passes before any route sees it: state-changing requests must
 * come from Foyer's own pages (Origin / Sec-Fetch-Site, against cross-site request forgery:
 * the session cookie would otherwise ride along on another site's form), and text that
 * PostgreSQL cannot store (NUL) or that is not Unicode (a lone surrogate) is refused with
 * the field named instead of failing deep inside a query.
 */
import type { NextFunction, Request, RequestHandler, Response } from "express";

/** In a `u` regex a surrogate matches only when it is unpaired. */
const LONE_SURROGATE = /\p{Cs}/u;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface OriginCheckOptions {
  /** FOYER_PUBLIC_URL: behind a proxy the browser's origin is this, not the Host header. */
  publicUrl: string | undefined;
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * Refuses a state-changing request that a browser sent from another origin (a different
 * host or port counts, even on the same machine). Requests without Origin and
 * Sec-Fetch-Site come from programs, not from a page, and carry no ambient cookie risk.
 */
export function sameOriginOnly(opts: OriginCheckOptions): RequestHandler {
  const publicOrigin = originOf(opts.publicUrl);
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.headers.origin;
    const fetchSite = req.headers["sec-fetch-site"];
    const refuse = (why: string) =>
      res.status(403).json({ error: `origin: ${why}; change things from Foyer's own pages`, field: "origin" });
    if (origin !== undefined) {
      if (origin === "null") return refuse("a request from an opaque origin is refused");
      let host: string;
      try {
        host = new URL(origin).host;
      } catch {
        return refuse(`"${origin.slice(0, 100)}" is not an origin`);
      }
      if (host === req.headers.host || origin === publicOrigin) return next();
      return refuse(`requests from ${origin.slice(0, 100)} are refused`);
    }
    if (fetchSite !== undefined && fetchSite !== "same-origin" && fetchSite !== "none") {
      return refuse(`a ${String(fetchSite).slice(0, 20)} request is refused`);
    }
    next();
  };
}

/** Where a value holds text that cannot be stored: its path and why. */
export function findBadText(value: unknown, path = "", depth = 0): { field: string; message: string } | null {
  if (typeof value === "string") {
    if (value.includes("\u0000")) return { field: path || "body", message: "must not contain NUL characters" };
    if (LONE_SURROGATE.test(value)) return { field: path || "body", message: "is not valid Unicode (an unpaired surrogate)" };
    return null;
  }
  if (depth > 64 || typeof value !== "object" || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      // Numbers and the like hold no text: no path to build (a map's tile layers are 700 000 numbers).
      if (typeof v !== "string" && (typeof v !== "object" || v === null)) continue;
      const bad = findBadText(v, path ? `${path}.${i}` : String(i), depth + 1);
      if (bad) return bad;
    }
    return null;
  }
  for (const [key, v] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    const badKey = findBadText(key, here, depth + 1);
    if (badKey) return badKey;
    const bad = findBadText(v, here, depth + 1);
    if (bad) return bad;
  }
  return null;
}

/** 400 for unstorable text in the query string (bodies are checked where they are parsed). */
export const storableQuery: RequestHandler = (req, res, next) => {
  const bad = findBadText(req.query);
  if (bad) {
    res.status(400).json({ error: `${bad.field}: ${bad.message}`, field: bad.field });
    return;
  }
  next();
};

/**
 * At most `max` requests per client address in `windowMs` (in this process), for routes
 * that cost real work whoever asks — password hashing at sign-in and sign-up, so one
 * client spraying many addresses cannot keep every hashing thread busy.
 */
export function perClientLimit(max: number, windowMs: number, what: string): RequestHandler {
  const seen = new Map<string, number[]>();
  return (req, res, next) => {
    const now = Date.now();
    const key = req.socket.remoteAddress ?? "unknown";
    const times = (seen.get(key) ?? []).filter((t) => t > now - windowMs);
    if (times.length >= max) {
      const wait = Math.max(1, Math.ceil((times[0]! + windowMs - now) / 1000));
      seen.set(key, times);
      res.status(429).json({ error: `client: too many ${what} from this address; try again in ${wait} s`, field: "client" });
      return;
    }
    times.push(now);
    seen.delete(key); // re-insert: the map stays in least-recently-used order
    seen.set(key, times);
    if (seen.size > 10_000) seen.delete(seen.keys().next().value ?? "");
    next();
  };
}
