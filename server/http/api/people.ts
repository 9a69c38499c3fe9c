/**
 * People's identities (/api/people): the join form makes one — a guest identity that
 * lasts across visits, held in an HttpOnly, SameSite cookie — or updates the person's
 * profile if the browser already has one. A signed-in account is linked to its person,
 * so a profile follows its owner to every device. Never trusts a name for who someone is.
 */
import express, { type Request, type Response } from "express";
import { profileSchema } from "../../../shared/protocol/events.ts";
import type { Database } from "../../db/database.ts";
import {
  createPerson,
  findPersonByAccount,
  findPersonByToken,
  updatePerson,
  type PersonRecord,
} from "../../db/events.ts";
import { hashToken, newToken, PERSON_COOKIE, PERSON_TOKEN_TTL_MS, presentedToken } from "../../identity.ts";
import type { Auth } from "./auth.ts";
import { ApiError, jsonBody, validate } from "./errors.ts";

export function publicPerson(p: PersonRecord) {
  return {
    id: p.id,
    name: p.displayName,
    avatar: p.avatar,
    headline: p.headline,
    pronouns: p.pronouns,
    interests: p.interests,
    lookingFor: p.lookingFor,
    offering: p.offering,
    affiliation: p.affiliation,
    hasAccount: p.accountId !== null,
  };
}

export interface PeopleRoutesOptions {
  db: Database;
  auth: Auth;
  secureCookies: boolean;
}

/**
 * The person a request comes from: null if it carries no identity; a 401 naming
 * `person` if it carries one that is malformed, forged or expired.
 */
export async function personOf(db: Database, req: Request): Promise<PersonRecord | null> {
  const presented = presentedToken(bearerOf(req), req.headers);
  if (presented.kind === "none") return null;
  const person = presented.kind === "token" ? await findPersonByToken(db, hashToken(presented.token)) : null;
  if (!person) throw new ApiError(401, "person", "your Foyer identity is not valid (expired or not issued here); join again to get a new one");
  return person;
}

/** Like personOf, but a 401 when there is no identity at all. */
export async function requirePerson(db: Database, req: Request): Promise<PersonRecord> {
  const person = await personOf(db, req);
  if (!person) throw new ApiError(401, "person", "join the venue first (no Foyer identity in this request)");
  return person;
}

function bearerOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
}

export function createPeopleRouter(opts: PeopleRoutesOptions): express.Router {
  const { db, auth } = opts;
  const router = express.Router();
  const json = jsonBody(64 * 1024);

  function setCookie(req: Request, res: Response, token: string): void {
    res.cookie(PERSON_COOKIE, token, {
      httpOnly: true,
      sameSite: "lax",
      secure: opts.secureCookies || req.secure,
      path: "/",
      maxAge: PERSON_TOKEN_TTL_MS,
    });
  }

  /**
   * Join form: create this browser's identity, or update it. A fresh token every time
   * (the old one stops working), so a token seen once is not good forever.
   */
  router.post("/", auth.identify, json, async (req, res) => {
    const body = validate(profileSchema, req.body);
    const profile = {
      displayName: body.name,
      avatar: body.avatar,
      // The join form sends only name and avatar: joining again keeps the headline, pronouns
      // and interests edited in the venue (a field sent replaces them; "" clears one).
      ...(body.headline !== undefined ? { headline: body.headline || null } : {}),
      ...(body.pronouns !== undefined ? { pronouns: body.pronouns || null } : {}),
      ...(body.interests !== undefined ? { interests: body.interests } : {}),
    };
    const account = res.locals.host as { id: string } | null | undefined;
    const token = newToken();
    const tokenFields = { tokenHash: hashToken(token), tokenExpiresAt: new Date(Date.now() + PERSON_TOKEN_TTL_MS) };
    let person = await personOf(db, req).catch(() => null); // an expired identity just gets a new one
    if (!person && account) person = await findPersonByAccount(db, account.id);
    let status = 200;
    if (person) {
      person = await updatePerson(db, person.id, {
        ...profile,
        ...tokenFields,
        ...(account && person.accountId === null && !(await findPersonByAccount(db, account.id)) ? { accountId: account.id } : {}),
      });
    } else {
      person = await createPerson(db, { ...profile, ...tokenFields, accountId: account?.id ?? null });
      status = 201;
    }
    setCookie(req, res, token);
    // The token is in the body too, for programs (bots, tests) that are not browsers.
    res.status(status).json({ person: publicPerson(person), token });
  });

  router.get("/me", async (req, res) => {
    res.json({ person: publicPerson(await requirePerson(db, req)) });
  });

  return router;
}
