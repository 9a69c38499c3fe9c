/**
 * Colyseus' matchmaking routes (`POST /matchmake/<method>/<room>`), served by Foyer instead
 * of Colyseus' built-in handler, which buffers any body whole, answers 200 before reading
 * it and exposes `create` (anyone could open extra copies of a floor). Here the body is
 * limited before it is read, only the methods an attendee needs are callable, and every
 * refusal is a JSON error with a 4xx status. Room logic is still Colyseus' own
 * (`matchMaker.controller.invokeMethod`); this module only guards the door.
 */
import type http from "node:http";
import { matchMaker } from "@colyseus/core";
import type { PendingSeats } from "../reservations.ts";

/** Largest matchmaking request body (join options are a few hundred bytes). */
export const MATCHMAKE_BODY_LIMIT = 16 * 1024;

/**
 * What a client may ask the matchmaker. `create` is not among them: a floor's room is
 * created by the first `joinOrCreate`, and there is only ever one per floor.
 */
const METHODS = new Set(["joinOrCreate", "join", "joinById", "reconnect"]);

const ROUTE = /^\/matchmake\/([A-Za-z0-9_-]{1,64})\/([A-Za-z0-9_-]{1,64})\/?(?:\?.*)?$/;

export function isMatchmakeRequest(url: string | undefined): boolean {
  return url !== undefined && url.startsWith("/matchmake/");
}

function corsHeaders(req: http.IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  const add = (from: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(from)) if (typeof v === "string" || typeof v === "number") headers[k] = String(v);
  };
  add(matchMaker.controller.DEFAULT_CORS_HEADERS);
  add(matchMaker.controller.getCorsHeaders.call(undefined, req));
  return headers;
}

/** How much of a refused upload is read (and thrown away) so the client sees the answer. */
const DRAIN_BYTES = 64 * 1024 * 1024;
const DRAIN_MS = 5000;

function answer(req: http.IncomingMessage, res: http.ServerResponse, status: number, body: object, close = false): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string> = {
    ...corsHeaders(req),
    "Content-Type": "application/json",
    "Cache-Control": "no-store",
    "Content-Length": String(Buffer.byteLength(text)),
  };
  res.writeHead(status, headers);
  if (!close || req.complete) {
    res.end(text);
    return;
  }
  // A refused upload is read on and thrown away (nothing is kept), so the client, still
  // sending, gets to read the answer: ending the response now would close the connection
  // (the client may have asked for that) and a reset makes its system discard the answer.
  // The answer is written whole at once (its length is in the header); it ends when the
  // upload does, or after DRAIN_BYTES / DRAIN_MS, when the connection is closed.
  res.write(text);
  let drained = 0;
  const finish = (destroy: boolean) => {
    clearTimeout(stop);
    if (!res.writableEnded) res.end();
    if (destroy) req.destroy();
  };
  const stop = setTimeout(() => finish(true), DRAIN_MS);
  stop.unref();
  req.removeAllListeners("data");
  req.on("data", (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_BYTES) finish(true);
  });
  req.on("end", () => finish(false));
  req.on("close", () => finish(false));
  req.resume();
}

function refuse(req: http.IncomingMessage, res: http.ServerResponse, status: number, field: string, message: string, close = false): void {
  answer(req, res, status, { code: status, error: `${field}: ${message}`, field }, close);
}

/** Reads at most `limit` bytes of body; null (and a 413 sent) if there is more. */
function readBody(req: http.IncomingMessage, res: http.ServerResponse, limit: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const tooLarge = () => {
      refuse(req, res, 413, "body", `the join request is larger than the ${limit / 1024} kB limit`, true);
      resolve(null);
    };
    const declared = Number(req.headers["content-length"] ?? "0");
    if (!Number.isFinite(declared) || declared > limit) return tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        return tooLarge();
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks));
    });
    req.on("error", () => {
      if (done) return;
      done = true;
      resolve(null);
    });
  });
}

export async function handleMatchmake(req: http.IncomingMessage, res: http.ServerResponse, pending: PendingSeats): Promise<void> {
  if (matchMaker.state === matchMaker.MatchMakerState.SHUTTING_DOWN) {
    return refuse(req, res, 503, "server", "Foyer is restarting; try again in a moment");
  }
  if (req.method === "OPTIONS") {
    res.writeHead(204, corsHeaders(req));
    res.end();
    return;
  }
  if (req.method !== "POST") return refuse(req, res, 405, "method", "matchmaking takes POST requests", true);
  const route = ROUTE.exec(req.url ?? "");
  if (!route) return refuse(req, res, 404, "path", "expected /matchmake/<method>/<room>", true);
  const method = route[1]!;
  const roomName = route[2]!;
  if (!METHODS.has(method)) {
    return refuse(req, res, 403, "method", `"${method}" is not offered; join a floor with joinOrCreate`, true);
  }
  const client = req.socket.remoteAddress ?? "unknown";
  if (!pending.admits(client)) {
    return refuse(req, res, 429, "client", "too many joins from this address are waiting to connect; try again in a few seconds", true);
  }
  const body = await readBody(req, res, MATCHMAKE_BODY_LIMIT);
  if (body === null) return;
  let options: unknown;
  try {
    options = body.length === 0 ? {} : JSON.parse(body.toString("utf8"));
  } catch {
    return refuse(req, res, 400, "body", "is not valid JSON");
  }
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    return refuse(req, res, 400, "body", "must be a JSON object of join options");
  }
  try {
    const ip = req.headers["x-real-ip"] ?? req.headers["x-forwarded-for"] ?? req.socket.remoteAddress ?? "";
    const authorization = req.headers.authorization;
    const token = authorization?.startsWith("Bearer ") ? authorization.slice(7) : undefined;
    const response: unknown = await matchMaker.controller.invokeMethod(method, roomName, options, { token, headers: req.headers, ip, req });
    if (typeof response !== "object" || response === null) throw new Error("the matchmaker gave no seat");
    if ("sessionId" in response && typeof response.sessionId === "string") pending.reserved(client, response.sessionId);
    // Same shape as Colyseus' handler (a seat reservation), so colyseus.js reads it unchanged.
    answer(req, res, 200, response);
  } catch (err) {
    // A refused join (onAuth said no, floor does not exist): Colyseus' own error shape.
    const code = typeof err === "object" && err !== null && "code" in err && typeof err.code === "number" ? err.code : 4000;
    const message = err instanceof Error ? err.message : "could not join";
    answer(req, res, 200, { code, error: message });
  }
}
