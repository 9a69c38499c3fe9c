/**
 * A browser-like HTTP client for API tests: keeps the cookies it is given (host session,
 * identity), sends JSON, and reads JSON answers (text for anything else, e.g. CSV).
 */
export interface Reply {
  status: number;
  body: Record<string, unknown>;
  text: string;
}

export class Visitor {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  async call(method: string, url: string, json?: unknown): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    if (json !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(this.base + url, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
    for (const c of res.headers.getSetCookie()) {
      const m = /^([^=]+)=([^;]*)/.exec(c);
      if (m) this.cookies.set(m[1]!, m[2]!);
    }
    const text = await res.text();
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // CSV and other non-JSON answers keep their text.
    }
    return { status: res.status, body, text };
  }

  /** The identity token (the cookie's value), for a colyseus.js client's `auth.token`. */
  get identity(): string | undefined {
    return this.cookies.get("foyer_person");
  }
}
