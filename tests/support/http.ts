/**
 * Raw HTTP for the security and abuse tests: node:http, so a test controls every byte —
 * any header (Origin, Sec-Fetch-Site, a forged Cookie), a path with bad percent-escapes,
 * a body streamed from a generator — and sees the server's answer as it is. `HostSession`
 * is one browser tab of a host: a cookie jar on top of it.
 */
import http from "node:http";

export interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The parsed body when the server said it is JSON (and it parses), else undefined. */
  json: unknown;
  /** Milliseconds from sending the request line to the end of the answer. */
  ms: number;
}

export interface HttpOptions {
  headers?: Record<string, string>;
  /** A JSON value (sent with Content-Type: application/json unless headers say otherwise). */
  json?: unknown;
  /** A raw body, or chunks streamed with backpressure; the request stops once the answer is in. */
  body?: string | Buffer | Iterable<Buffer> | AsyncIterable<Buffer>;
  timeoutMs?: number;
}

/** One HTTP/1.1 request on its own connection. Never throws for an HTTP status; throws on a timeout. */
export function httpRequest(base: string, method: string, path: string, opts: HttpOptions = {}): Promise<HttpReply> {
  const url = new URL(base);
  const headers: Record<string, string> = { connection: "close", ...opts.headers };
  let body = opts.body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["content-type"] = "application/json";
  }
  if (typeof body === "string" || Buffer.isBuffer(body)) headers["content-length"] = String(Buffer.byteLength(body));
  const started = performance.now();
  return new Promise<HttpReply>((resolve, reject) => {
    let answered = false;
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers, setHost: true });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`${method} ${path}: no answer in ${opts.timeoutMs ?? 15_000} ms`));
    }, opts.timeoutMs ?? 15_000);
    req.on("response", (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", () => {});
      res.on("end", () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        if ((res.headers["content-type"] ?? "").includes("json")) {
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, ms: performance.now() - started });
        req.destroy();
      });
    });
    req.on("error", (err) => {
      // A server that answers early (413) may close the socket while we are still writing.
      if (answered) return;
      clearTimeout(timer);
      reject(err);
    });
    if (body === undefined) {
      req.end();
    } else if (typeof body === "string" || Buffer.isBuffer(body)) {
      req.end(body);
    } else {
      const chunks = body;
      void (async () => {
        try {
          for await (const chunk of chunks) {
            if (answered || req.destroyed) break;
            if (!req.write(chunk)) {
              await new Promise<void>((r) => {
                const done = () => {
                  req.off("drain", done);
                  req.off("close", done);
                  req.off("response", done);
                  r();
                };
                req.once("drain", done);
                req.once("close", done);
                req.once("response", done);
              });
            }
          }
          if (!req.destroyed) req.end();
        } catch {
          // The socket went away mid-body: the answer (or the error) decides.
        }
      })();
    }
  });
}

/** `count` chunks of `chunkBytes` each (the same buffer every time, so nothing big is held). */
export function* repeatedChunks(totalBytes: number, chunkBytes = 64 * 1024, fill = 0x61): Generator<Buffer> {
  const chunk = Buffer.alloc(chunkBytes, fill);
  let left = totalBytes;
  while (left > 0) {
    const n = Math.min(left, chunkBytes);
    yield n === chunkBytes ? chunk : chunk.subarray(0, n);
    left -= n;
  }
}

/** A JSON object as a record, or an empty one (for reading fields off an answer). */
export function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** One host in one browser: the session cookie it was given, sent back on every request. */
export class HostSession {
  cookie: string | undefined;
  constructor(
    readonly base: string,
    /** Sent as the Origin header on every request (undefined: no Origin, like curl). */
    readonly origin?: string,
  ) {}

  async request(method: string, path: string, opts: HttpOptions = {}): Promise<HttpReply> {
    const headers: Record<string, string> = {};
    if (this.origin !== undefined) headers.origin = this.origin;
    if (this.cookie !== undefined) headers.cookie = `foyer_session=${this.cookie}`;
    const reply = await httpRequest(this.base, method, path, { ...opts, headers: { ...headers, ...opts.headers } });
    const setCookie = reply.headers["set-cookie"] ?? [];
    for (const c of setCookie) {
      const m = /^foyer_session=([^;]*)/.exec(c);
      if (!m) continue;
      this.cookie = m[1] === "" || /Expires=Thu, 01 Jan 1970/i.test(c) ? undefined : m[1];
    }
    return reply;
  }

  get(path: string, opts?: HttpOptions): Promise<HttpReply> {
    return this.request("GET", path, opts);
  }
  post(path: string, json?: unknown, opts: HttpOptions = {}): Promise<HttpReply> {
    return this.request("POST", path, json === undefined ? opts : { ...opts, json });
  }
  put(path: string, json: unknown, opts: HttpOptions = {}): Promise<HttpReply> {
    return this.request("PUT", path, { ...opts, json });
  }

  /** Sign up (or fail loudly): a new account and its session. */
  async signup(email: string, password: string, displayName: string, extra: Record<string, unknown> = {}): Promise<HttpReply> {
    const reply = await this.post("/api/auth/signup", { email, password, displayName, ...extra });
    if (reply.status !== 201 && reply.status !== 200) throw new Error(`signup of ${email} failed: ${reply.status} ${reply.text}`);
    return reply;
  }
}

/** A password no list of common passwords has (different each call). */
export function strongPassword(): string {
  return `Tulip-${Math.random().toString(36).slice(2, 10)}-Harbour-${Date.now() % 100_000}`;
}

/** The server process's resident memory in bytes, read from /proc (Linux). */
export async function rssOf(pid: number): Promise<number> {
  const { readFile } = await import("node:fs/promises");
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}
