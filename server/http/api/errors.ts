/**
 * The API's error shape and the translation of everything that can go wrong into it:
 * `{ error: "<field>: <message>", field: "<field>" }` with the matching status.
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";
import type { z } from "zod";
import { FloorError } from "../../../shared/map/parse.ts";
import { AlreadyExistsError } from "../../db/hosts.ts";
import { FloorVersionConflictError } from "../../db/venues.ts";
import { findBadText } from "../guards.ts";
import { issuePath } from "../../../shared/protocol/describe.ts";

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly field: string | undefined,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(field ? `${field}: ${message}` : message);
  }

  toJSON(): Record<string, unknown> {
    return { error: this.message, ...(this.field ? { field: this.field } : {}), ...this.extra };
  }
}

export const badRequest = (field: string, message: string, extra?: Record<string, unknown>) =>
  new ApiError(400, field, message, extra);
export const notFound = (field: string, message: string) => new ApiError(404, field, message);

/** Zod's first issue as an ApiError(400); the root of the body is called "body". */
export function zodError(error: z.ZodError): ApiError {
  const issue = error.issues[0];
  if (!issue) return badRequest("body", "is invalid");
  const path = issuePath(issue);
  const field = path.length > 0 ? path.join(".") : "body";
  let message = issue.message;
  if (field === "body" && issue.code === "invalid_type") message = "must be a JSON object";
  return badRequest(field, message);
}

/** Parses with a zod schema or throws the first problem as an ApiError(400). */
export function validate<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw zodError(parsed.error);
  return parsed.data;
}

function mb(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${Math.round(bytes / 1024)} kB`;
}

/**
 * Wraps a body-parser middleware so its failures become ApiErrors: 413 for a body over
 * `limit` (named `what`), 400 for malformed JSON, 415 for an unsupported encoding.
 */
export function parsedBody(parser: RequestHandler, limit: number, what: string): RequestHandler {
  return (req, res, next) => {
    parser(req, res, (err?: unknown) => {
      if (!err) return next();
      const e = err as { type?: string; status?: number; message?: string };
      if (e.type === "entity.too.large" || e.status === 413) {
        return next(new ApiError(413, "body", `${what} is larger than the ${mb(limit)} limit`));
      }
      if (e.type === "entity.parse.failed") {
        return next(badRequest("body", `is not valid JSON (${e.message ?? "parse error"})`));
      }
      if (e.type === "encoding.unsupported" || e.type === "charset.unsupported" || e.status === 415) {
        return next(new ApiError(415, "body", e.message ?? "unsupported encoding"));
      }
      if (e.type === "request.aborted") return next(badRequest("body", "the request was aborted"));
      next(err);
    });
  };
}

/** Requires a JSON request body (Content-Type: application/json). */
export const requireJson: RequestHandler = (req, _res, next) => {
  if (!req.is("application/json")) {
    return next(new ApiError(415, "body", "send JSON with Content-Type: application/json"));
  }
  next();
};

/** Runs middlewares one after the other as one. */
export function chain(...handlers: RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    let i = 0;
    const step = (err?: unknown): void => {
      if (err !== undefined && err !== null) return next(err);
      const h = handlers[i++];
      if (!h) return next();
      try {
        void Promise.resolve(h(req, res, step)).catch(step);
      } catch (e) {
        step(e);
      }
    };
    step();
  };
}

/** Text PostgreSQL cannot store (NUL) or that is not Unicode: a 400 naming the field, before any query. */
const storableBody: RequestHandler = (req, _res, next) => {
  const bad = findBadText(req.body);
  next(bad ? badRequest(bad.field, bad.message) : undefined);
};

/** Content-Type check + express.json with `limit`, errors translated, text checked. */
export function jsonBody(limit: number): RequestHandler {
  return chain(requireJson, parsedBody(express.json({ limit }), limit, "the request"), storableBody);
}

function hasBody(req: Request): boolean {
  if (req.headers["transfer-encoding"] !== undefined) return true;
  const length = req.headers["content-length"];
  return length !== undefined && length !== "0";
}

/** Like jsonBody, but a request without a body gets `{}`. */
export function optionalJsonBody(limit: number): RequestHandler {
  const parse = jsonBody(limit);
  return (req, res, next) => {
    if (!hasBody(req)) {
      req.body = {};
      return next();
    }
    parse(req, res, next);
  };
}

/** The router's error handler. Unknown errors go on to the app's (500). */
export function apiErrorHandler() {
  return (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    if (err instanceof ApiError) {
      res.status(err.status).json(err.toJSON());
      return;
    }
    if (err instanceof FloorError) {
      res.status(400).json({ error: `map: ${err.message}`, field: "map", problems: err.problems });
      return;
    }
    if (err instanceof FloorVersionConflictError) {
      res.status(409).json({
        error:
          `expectedVersion: the floor is at version ${err.actualVersion}, not ${err.expectedVersion}; ` +
          `someone saved it meanwhile — reload it and apply your changes again`,
        field: "expectedVersion",
        currentVersion: err.actualVersion,
      });
      return;
    }
    if (err instanceof AlreadyExistsError) {
      const field = err.what === "email" ? "email" : "slug";
      res.status(409).json({ error: `${field}: ${err.message}`, field });
      return;
    }
    next(err);
  };
}
