/**
 * The page's first load (issue #15): scripts and styles go out precompressed (Brotli, or
 * gzip for a browser without it), bundles with a content hash are cached for a year, and
 * pages are revalidated on every visit so a new release is picked up at once.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildClient } from "../support/browser.ts";
import { startServer, type RunningServer } from "../support/server.ts";

let server: RunningServer;

beforeAll(async () => {
  buildClient();
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

/** GET with exactly these request headers (fetch would add its own Accept-Encoding and unpack). */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(new URL(path, server.url), { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const all = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: all.length, body: all.toString("utf8") });
      });
    });
    req.on("error", reject);
  });
}

describe("first load", () => {
  it("sends the main script Brotli- or gzip-compressed, cached for a year, and pages revalidated", async () => {
    const page = await get("/", { "accept-encoding": "br, gzip" });
    expect(page.status).toBe(200);
    expect(page.headers["cache-control"]).toBe("no-cache");
    const script = /<script[^>]+src="(\/static\/main-[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script, "index.html names its main script").toBeTruthy();

    const plain = await get(script!);
    expect(plain.status).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.headers["cache-control"]).toBe("public, max-age=31536000, immutable");

    const br = await get(script!, { "accept-encoding": "gzip, deflate, br" });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-type"]).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(br.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    // What a person waits for: well under half the raw script (the entry script is small
    // since the engine moved to its own chunk, ~35 kB, and small files compress less).
    expect(br.bytes).toBeLessThan(plain.bytes / 2.5);

    const gz = await get(script!, { "accept-encoding": "gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gz.bytes).toBeLessThan(plain.bytes / 2.2);

    for (const p of ["/editor", "/host"]) expect((await get(p)).headers["cache-control"]).toBe("no-cache");
  });

  it("answers a missing bundle with 404, not a page or a 500", async () => {
    const missing = await get("/static/main-nothere.js", { "accept-encoding": "br" });
    expect(missing.status).toBe(404);
  });
});
