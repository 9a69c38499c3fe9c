/**
 * Host accounts: sign up, log in, log out, who am I. Passwords are hashed with Argon2id
 * (@node-rs/argon2, prebuilt binaries, no install scripts). A session is a random 32-byte
 * token in an HttpOnly, SameSite=Lax cookie; the database keeps only its sha256, so a
 * leaked database does not hand out sessions.
 */
import { createHash, randomBytes } from "node:crypto";
import { hash as argon2Hash, verify as argon2Verify } from "@node-rs/argon2";
import express, { type CookieOptions, type Request, type RequestHandler, type Response } from "express";
import { z } from "zod";
import type { Database } from "../../db/database.ts";
import {
  clearLoginFailures,
  createHost,
  createSession,
  deleteExpiredSessions,
  deleteSession,
  findHostByEmail,
  findSessionHost,
  loginFailuresSince,
  normalizeEmail,
  recordLoginFailure,
  type HostRecord,
} from "../../db/hosts.ts";
import { ApiError, jsonBody, validate } from "./errors.ts";

export const SESSION_COOKIE = "foyer_session";
export const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 1024;
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/; // 32 bytes, base64url

/** The message a zod check shows for a missing vs. a wrongly typed field. */
export function typed(what: string) {
  return { error: (iss: { input?: unknown }) => (iss.input === undefined ? "is required" : `must be ${what}`) };
}

const emailSchema = z
  .string(typed("text"))
  .trim()
  .toLowerCase()
  .max(254, "must be at most 254 characters")
  .pipe(z.email("is not a valid email address"));

export const signupSchema = z.object(
  {
    email: emailSchema,
    password: z
      .string(typed("text"))
      .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
      .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`),
    displayName: z
      .string(typed("text"))
      .trim()
      .min(1, "must not be empty")
      .max(80, "must be at most 80 characters"),
  },
  typed("a JSON object"),
);

export const loginSchema = z.object(
  {
    email: z.string(typed("text")).trim().min(1, "must not be empty").max(254, "must be at most 254 characters"),
    password: z.string(typed("text")).min(1, "must not be empty").max(MAX_PASSWORD_LENGTH, "is too long"),
  },
  typed("a JSON object"),
);

export function publicHost(h: HostRecord) {
  return { id: h.id, email: h.email, displayName: h.displayName, createdAt: h.createdAt.toISOString() };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function hashPassword(password: string): Promise<string> {
  return argon2Hash(password); // Argon2id, m=19 MiB, t=2, p=1 (OWASP's baseline)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await argon2Verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash never matches
  }
}

/** Reads one cookie from the Cookie header (no dependency needed for one name). */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return undefined;
}

export interface AuthOptions {
  db: Database;
  sessionTtlMs: number;
  /** Secure cookies (HTTPS only). Also set per request when req.secure. */
  secureCookies: boolean;
  jsonLimit: number;
  /** Called after a new host account is created. */
  onHostCreated?: (host: { id: string; email: string }) => void | Promise<void>;
}

export interface Auth {
  router: express.Router;
  /** Puts the signed-in host in res.locals.host, or null. Never fails for lack of a session. */
  identify: RequestHandler;
  /** 401 unless signed in; then res.locals.host is set. */
  requireHost: RequestHandler;
}

export function hostOf(res: Response): HostRecord {
  const host = res.locals.host as HostRecord | null | undefined;
  if (!host) throw new ApiError(401, undefined, "sign in as a host first");
  return host;
}

export function createAuth(opts: AuthOptions): Auth {
  const { db } = opts;
  const router = express.Router();
  const json = jsonBody(opts.jsonLimit);

  // Verified against when the email is unknown, so both cases take the same time.
  let dummyHash: Promise<string> | undefined;
  const dummy = () => (dummyHash ??= hashPassword(randomBytes(16).toString("hex")));

  function cookieOptions(req: Request): CookieOptions {
    return { httpOnly: true, sameSite: "lax", secure: opts.secureCookies || req.secure, path: "/" };
  }

  async function startSession(req: Request, res: Response, host: HostRecord): Promise<void> {
    const token = randomBytes(32).toString("base64url");
    await createSession(db, {
      tokenHash: hashToken(token),
      hostId: host.id,
      expiresAt: new Date(Date.now() + opts.sessionTtlMs),
    });
    res.cookie(SESSION_COOKIE, token, { ...cookieOptions(req), maxAge: opts.sessionTtlMs });
  }

  const identify: RequestHandler = async (req, res, next) => {
    try {
      const token = readCookie(req, SESSION_COOKIE);
      res.locals.host = token && TOKEN_RE.test(token) ? await findSessionHost(db, hashToken(token)) : null;
      next();
    } catch (err) {
      next(err);
    }
  };

  const requireHost: RequestHandler = (req, res, next) => {
    identify(req, res, (err?: unknown) => {
      if (err) return next(err);
      if (!res.locals.host) return next(new ApiError(401, undefined, "sign in as a host first"));
      next();
    });
  };

  router.post("/signup", json, async (req, res) => {
    const body = validate(signupSchema, req.body);
    if (await findHostByEmail(db, body.email)) {
      throw new ApiError(409, "email", "is already registered");
    }
    const passwordHash = await hashPassword(body.password);
    const host = await createHost(db, { email: body.email, passwordHash, displayName: body.displayName });
    await opts.onHostCreated?.({ id: host.id, email: host.email });
    await startSession(req, res, host);
    res.status(201).json({ host: publicHost(host) });
  });

  // Password guessing: at most LOGIN_ATTEMPTS failed logins per email in LOGIN_WINDOW_MS.
  // Counted in the database, so the limit holds however many Foyer processes serve the API.
  const LOGIN_ATTEMPTS = 10;
  const LOGIN_WINDOW_MS = 10 * 60_000;

  router.post("/login", json, async (req, res) => {
    const body = validate(loginSchema, req.body);
    const email = normalizeEmail(body.email);
    const now = Date.now();
    const windowStart = new Date(now - LOGIN_WINDOW_MS);
    const recent = await loginFailuresSince(db, email, windowStart);
    if (recent.length >= LOGIN_ATTEMPTS) {
      const oldestCounted = recent[recent.length - LOGIN_ATTEMPTS]!.getTime();
      const wait = Math.max(1, Math.ceil((oldestCounted + LOGIN_WINDOW_MS - now) / 60_000));
      throw new ApiError(429, "password", `too many failed attempts; try again in ${wait} minute${wait === 1 ? "" : "s"}`);
    }
    const found = await findHostByEmail(db, email);
    const ok = await verifyPassword(found?.passwordHash ?? (await dummy()), body.password);
    if (!found || !ok) {
      await recordLoginFailure(db, email, new Date(now), windowStart);
      throw new ApiError(401, "password", "the email or password is wrong");
    }
    if (recent.length) await clearLoginFailures(db, email);
    const { passwordHash: _hidden, ...host } = found;
    await deleteExpiredSessions(db).catch(() => 0);
    await startSession(req, res, host);
    res.json({ host: publicHost(host) });
  });

  router.post("/logout", async (req, res) => {
    const token = readCookie(req, SESSION_COOKIE);
    if (token && TOKEN_RE.test(token)) await deleteSession(db, hashToken(token));
    res.clearCookie(SESSION_COOKIE, cookieOptions(req));
    res.json({ ok: true });
  });

  router.get("/me", requireHost, (_req, res) => {
    res.json({ host: publicHost(hostOf(res)) });
  });

  return { router, identify, requireHost };
}
