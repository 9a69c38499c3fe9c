/**
 * Who is asking: a person's identity token, as the page holds it (an HttpOnly, SameSite
 * cookie set by POST /api/people) or a program sends it (colyseus.js `auth.token`, or
 * `Authorization: Bearer`). Tokens are 32 random bytes; the database keeps their sha256,
 * so a leaked database hands out nobody. Used by the API and by the rooms' onAuth alike.
 */
import { createHash, randomBytes } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

export const PERSON_COOKIE = "foyer_person";
/** A guest identity lasts a year from its last use. */
export const PERSON_TOKEN_TTL_MS = 365 * 24 * 60 * 60 * 1000;
export const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** One cookie's value from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
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

export type PresentedToken =
  | { kind: "none" }
  | { kind: "malformed" }
  | { kind: "token"; token: string };

/** The identity token a request carries: a bearer token wins over the cookie. */
export function presentedToken(bearer: string | undefined | null, headers: IncomingHttpHeaders): PresentedToken {
  const raw = bearer || cookieValue(headers.cookie, PERSON_COOKIE);
  if (!raw) return { kind: "none" };
  return TOKEN_RE.test(raw) ? { kind: "token", token: raw } : { kind: "malformed" };
}
