/**
 * The editor's calls to Foyer's REST API: JSON in and out with the session cookie, every
 * answer checked against a schema before the editor reads it, and an HttpError carrying
 * the status when the server says no.
 */
import { z } from "zod";
import type { TiledMap } from "../../shared/map/tiled.ts";
import { locale } from "../i18n/index.ts";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Every problem the server found in a refused map, as "where: what". */
    readonly problems: string[] = [],
  ) {
    super(message);
  }
}

const errorBody = z.object({ error: z.string(), problems: z.array(z.object({ where: z.string(), problem: z.string() })).optional() });

/** Warnings the server returns with a saved map. */
export const warningsSchema = z.array(z.object({ where: z.string(), warning: z.string() })).optional();
export const noticeOf = (w: { where: string; warning: string }) => `${w.where}: ${w.warning}`;

/** The server's `{ error }` message of a refused request, or its status line. */
export async function refusal(res: Response): Promise<string> {
  const body = errorBody.safeParse(await res.json().catch(() => null));
  return body.success ? body.data.error : `${res.status} ${res.statusText}`;
}

/**
 * A floor map the server sent back. The server stores only maps parseFloor accepted and
 * the editor runs parseFloor on every change, so a structural check is enough here.
 */
export const tiledMapSchema = z.custom<TiledMap>(
  (v) => typeof v === "object" && v !== null && "layers" in v && Array.isArray(v.layers) && "tilesets" in v && Array.isArray(v.tilesets),
  "is not a Tiled map",
);

export const ignored = z.unknown();

export async function api<S extends z.ZodType>(path: string, schema: S, init: RequestInit & { json?: unknown } = {}): Promise<z.infer<S>> {
  const { json, ...rest } = init;
  const res = await fetch(path, {
    credentials: "same-origin",
    ...rest,
    // The server writes mails (sign-in links) in the language of the page that asked.
    headers: json !== undefined ? { "Content-Type": "application/json", "Accept-Language": locale } : { "Accept-Language": locale },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  if (!res.ok) {
    const body = errorBody.safeParse(await res.json().catch(() => null));
    const message = body.success ? body.data.error : `${res.status} ${res.statusText}`;
    throw new HttpError(res.status, message, body.success ? (body.data.problems ?? []).map((p) => `${p.where}: ${p.problem}`) : []);
  }
  const body = schema.safeParse(await res.json().catch(() => ({})));
  if (!body.success) throw new Error(`${path}: unexpected answer (${body.error.issues[0]?.path.join(".") || "body"}: ${body.error.issues[0]?.message})`);
  return body.data;
}
