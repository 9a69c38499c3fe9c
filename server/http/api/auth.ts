/**
 * Host accounts: sign up, log in, log out, who am I. Passwords are hashed with Argon2id
 * (@node-rs/argon2, prebuilt binaries, no install scripts). A session is a random 32-byte
 * token in an HttpOnly, SameSite=Lax cookie; the database keeps only its sha256, so a
 * leaked database does not hand out sessions.
 */
import { randomBytes } from "node:crypto";
import { hash as argon2Hash, verify as argon2Verify } from "@node-rs/argon2";
import express, { type CookieOptions, type Request, type RequestHandler, type Response } from "express";
import { z } from "zod";
import type { Database } from "../../db/database.ts";
import { HOST_NAME_MAX_LENGTH, nameProblem, normalizeName } from "../../../shared/protocol/names.ts";
import {
  clearLoginAttempts,
  countLoginAttempt,
  createHost,
  createSignInLink,
  useSignInLink,
  createSession,
  deleteExpiredSessions,
  deleteSession,
  findHostByEmail,
  findSessionHost,
  normalizeEmail,
  AlreadyExistsError,
  type HostRecord,
} from "../../db/hosts.ts";
import { ApiError, jsonBody, validate } from "./errors.ts";
import { perClientLimit } from "../guards.ts";
import { cookieValue, hashToken, TOKEN_RE } from "../../identity.ts";
import { mailLanguage, type Mailer } from "../../mail.ts";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblem } from "./passwords.ts";

export const SESSION_COOKIE = "foyer_session";
export { MIN_PASSWORD_LENGTH };

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

const setupTokenSchema = z.string(typed("text")).max(200, "is too long").optional();

export const signupSchema = z.object(
  {
    email: emailSchema,
    password: z
      .string(typed("text"))
      .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
      .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`),
    displayName: z
      .string(typed("text"))
      .transform(normalizeName)
      .superRefine((name, ctx) => {
        const problem = nameProblem(name, 1, HOST_NAME_MAX_LENGTH);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    /** The one-time token printed at first start: proves this person may own the built-in venue. */
    setupToken: setupTokenSchema,
  },
  typed("a JSON object"),
).superRefine((body, ctx) => {
  const problem = passwordProblem(body.password, [body.email, ...body.email.split("@"), body.displayName]);
  if (problem) ctx.addIssue({ code: "custom", path: ["password"], message: problem });
});

export const loginSchema = z.object(
  {
    email: z.string(typed("text")).trim().min(1, "must not be empty").max(254, "must be at most 254 characters"),
    password: z.string(typed("text")).min(1, "must not be empty").max(MAX_PASSWORD_LENGTH, "is too long"),
    setupToken: setupTokenSchema,
  },
  typed("a JSON object"),
);

export function publicHost(h: HostRecord) {
  return { id: h.id, email: h.email, displayName: h.displayName, createdAt: h.createdAt.toISOString() };
}

export { hashToken };

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
  return cookieValue(req.headers.cookie, name);
}

export interface AuthOptions {
  db: Database;
  sessionTtlMs: number;
  /** Secure cookies (HTTPS only). Also set per request when req.secure. */
  secureCookies: boolean;
  jsonLimit: number;
  /** Sign-in and sign-up attempts per client address per minute. */
  signinsPerClient: number;
  /** Sign-in links by email, where the server can send mail. */
  mailer?: Mailer | null;
  /** FOYER_PUBLIC_URL, for links in mails. */
  publicUrl?: string | undefined;
  /**
   * Called after a host signs up or signs in with the setup token in the request (the
   * server lets that host own the built-in venue if the token is right).
   */
  setupToken?: {
    /** Throws an ApiError unless `token` lets `email` claim the venue. Runs before anything is stored. */
    check(email: string, token: string): void;
    claim(host: { id: string; email: string }): Promise<void>;
  };
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

  // Password guessing: at most LOGIN_ATTEMPTS sign-ins per email in LOGIN_WINDOW_MS, each
  // counted (atomically, in the database) before its password is checked, so guesses sent
  // at once are refused like guesses sent one by one, across every Foyer process.
  const LOGIN_ATTEMPTS = 10;
  const LOGIN_WINDOW_MS = 10 * 60_000;

  /** Counts the attempt; a 429 when the address has had its share of guesses. */
  async function admitAttempt(email: string): Promise<void> {
    const now = new Date();
    const { attempts, windowStart } = await countLoginAttempt(db, email, now, LOGIN_WINDOW_MS);
    if (attempts > LOGIN_ATTEMPTS) {
      const wait = Math.max(1, Math.ceil((windowStart.getTime() + LOGIN_WINDOW_MS - now.getTime()) / 60_000));
      throw new ApiError(429, "password", `too many failed attempts; try again in ${wait} minute${wait === 1 ? "" : "s"}`);
    }
  }

  /** Checks a password against an account (same time whether the account exists or not). */
  async function signIn(email: string, password: string): Promise<HostRecord> {
    await admitAttempt(email);
    const found = await findHostByEmail(db, email);
    const ok = await verifyPassword(found?.passwordHash ?? (await dummy()), password);
    if (!found || !ok) throw new ApiError(401, "password", "the email or password is wrong");
    await clearLoginAttempts(db, email);
    const { passwordHash: _hidden, ...host } = found;
    return host;
  }

  function checkSetupToken(email: string, token: string | undefined): void {
    if (token === undefined) return;
    if (!opts.setupToken) throw new ApiError(403, "setupToken", "this server has nothing to set up");
    opts.setupToken.check(email, token);
  }

  async function signedIn(req: Request, res: Response, host: HostRecord, setupToken: string | undefined): Promise<void> {
    if (setupToken !== undefined) await opts.setupToken?.claim({ id: host.id, email: host.email });
    await deleteExpiredSessions(db).catch(() => 0);
    await startSession(req, res, host);
  }

  // Per client address too: each attempt costs an Argon2 hash, whichever address it names.
  const hashing = perClientLimit(opts.signinsPerClient, 60_000, "sign-in attempts");

  router.post("/signup", hashing, json, async (req, res) => {
    const body = validate(signupSchema, req.body);
    checkSetupToken(body.email, body.setupToken);
    // An address that already has an account is answered like a sign-in with it, so
    // sign-up does not tell a stranger which addresses are registered.
    if (await findHostByEmail(db, body.email)) {
      const host = await signIn(body.email, body.password);
      await signedIn(req, res, host, body.setupToken);
      res.json({ host: publicHost(host) });
      return;
    }
    const passwordHash = await hashPassword(body.password);
    let host: HostRecord;
    try {
      host = await createHost(db, { email: body.email, passwordHash, displayName: body.displayName });
    } catch (err) {
      // Signed up twice at once: the second is a sign-in like above.
      if (!(err instanceof AlreadyExistsError)) throw err;
      host = await signIn(body.email, body.password);
    }
    await signedIn(req, res, host, body.setupToken);
    res.status(201).json({ host: publicHost(host) });
  });

  router.post("/login", hashing, json, async (req, res) => {
    const body = validate(loginSchema, req.body);
    const email = normalizeEmail(body.email);
    const host = await signIn(email, body.password);
    checkSetupToken(email, body.setupToken);
    await signedIn(req, res, host, body.setupToken);
    res.json({ host: publicHost(host) });
  });

  // ---- sign-in links by email (FOYER_SMTP_URL): for people who prefer not to type a password

  const LINK_MINUTES = 15;
  const linkRequestSchema = z.object({ email: emailSchema }, typed("a JSON object"));

  /** Always the same answer whether the address has an account or not. */
  router.post("/link", hashing, json, async (req, res) => {
    const body = validate(linkRequestSchema, req.body);
    if (!opts.mailer) throw new ApiError(501, "email", "this server cannot send email (no FOYER_SMTP_URL); sign in with your password");
    const found = await findHostByEmail(db, body.email);
    if (found) {
      const token = randomBytes(32).toString("base64url");
      await createSignInLink(db, { tokenHash: hashToken(token), hostId: found.id, expiresAt: new Date(Date.now() + LINK_MINUTES * 60_000) });
      const base = opts.publicUrl?.replace(/\/$/, "") ?? `${req.protocol}://${req.headers.host ?? "localhost"}`;
      await opts.mailer.sendSignInLink({ to: found.email, name: found.displayName, link: `${base}/api/auth/link/${token}`, minutes: LINK_MINUTES, lang: mailLanguage(req) });
    }
    res.status(202).json({ sent: true, message: "If this address has an account, a sign-in link is on its way." });
  });

  /**
   * Opening the mailed link shows a button; pressing it signs in. (A GET that signed in
   * would be used up by mail scanners that open links before the person does.)
   */
  router.get("/link/:token", (req, res) => {
    const token = String(req.params.token);
    if (!TOKEN_RE.test(token)) throw new ApiError(404, "token", "this sign-in link is not valid");
    res
      .type("html")
      .set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
      .send(
        `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Sign in to Foyer</title>` +
          `<body style="font-family:system-ui,sans-serif;display:grid;place-items:center;min-height:90vh">` +
          `<form method="post" action="/api/auth/link/${token}"><h1>Sign in to Foyer</h1><button style="font-size:1.2rem;padding:.6rem 1.4rem">Sign in</button></form>`,
      );
  });

  router.post("/link/:token", async (req, res) => {
    const token = String(req.params.token);
    const host = TOKEN_RE.test(token) ? await useSignInLink(db, hashToken(token)) : null;
    if (!host) throw new ApiError(400, "token", "this sign-in link has expired or was already used; ask for a new one");
    await startSession(req, res, host);
    res.redirect(303, "/host");
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
