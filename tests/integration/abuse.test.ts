/**
 * A seeded fuzz pass against the real server process, like the outside one behind issue
 * #17, kept in the suite so the holes stay closed: a few thousand hostile room messages
 * from several attendees and a few thousand hostile API requests. The venue must carry on
 * (the process never exits, nothing answers 5xx), every refusal must say what was wrong,
 * and nothing a host has stored may change.
 *
 * The seed is FOYER_ABUSE_SEED (default below); a failure names it, so any run can be
 * replayed exactly.
 *
 * What the expected answer to each room message is comes from the same zod schemas the
 * server uses (shared/protocol), applied here to the value before it is sent. A refusal
 * must name the field whenever a field is at fault. Cases with no field to name:
 *  - the payload itself is not an object (a string, an array, null, a BigInt, nothing);
 *  - the message type is unknown (there is no schema to find a field in);
 *  - the message is too large (refused on size before its fields are looked at);
 *  - a value so deeply nested it cannot be measured as JSON.
 * An unexpected extra key is a field at fault: the refusal must name some field.
 */
import { createHash } from "node:crypto";
import { PNG } from "pngjs";
import type { Room } from "colyseus.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rng } from "../../assets/src/rng.ts";
import { MAX_MEDIA_MESSAGE_BYTES, MAX_MESSAGE_BYTES } from "../../shared/constants.ts";
import { CHAT_MESSAGE_BYTES, CHAT_TEXT_TYPES } from "../../shared/chat/text.ts";
import { mediaRequests, type MediaMethod, type MediaResponse } from "../../shared/protocol/media.ts";
import { clientMessages, SLUG_PATTERN, type ClientMessageType, type ServerMessages } from "../../shared/protocol/messages.ts";
import type { FloorStateView } from "../../shared/protocol/state.ts";
import { joinFloor } from "../support/avatars.ts";
import { HostSession, httpRequest, record, strongPassword, type HttpReply } from "../support/http.ts";
import { makeMap, ROOM_PLAN, ROOM_ZONES } from "../support/maps.ts";
import { startServer, waitFor, type RunningServer } from "../support/server.ts";

type FloorRoom = Room<FloorStateView>;

const SEED = Number(process.env.FOYER_ABUSE_SEED ?? 20_170_417);
const WS_CASES = 3000;
const WS_CLIENTS = 6;
const API_CASES = 2500;
const API_WORKERS = 6;

const HALL = [
  "##########################",
  "#........#...............#",
  "#........#...............#",
  "#........................#",
  "#........................#",
  "#........................#",
  "##########################",
];
const HALL_MAP = makeMap(HALL, [{ name: "Entrance", class: "spawn", x: 2, y: 3, w: 3, h: 2 }]);
const MAP_A = makeMap(ROOM_PLAN, ROOM_ZONES);
const MAP_B = makeMap(ROOM_PLAN, [...ROOM_ZONES, { name: "Nook", class: "coffee-corner", x: 1, y: 5, w: 3, h: 2 }]);

// ------------------------------------------------------------------ dice

class Dice {
  readonly #next: () => number;
  constructor(seed: number) {
    this.#next = rng(seed);
  }
  float(): number {
    return this.#next();
  }
  int(n: number): number {
    return Math.floor(this.#next() * n);
  }
  chance(p: number): boolean {
    return this.#next() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
}

function deepObject(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}
function deepArray(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}
/** Objects whose own keys are the ones prototype pollution uses (as JSON.parse makes them). */
const PROTO_OBJECTS = [
  '{"__proto__": {"polluted": true}}',
  '{"constructor": {"prototype": {"polluted": true}}}',
  '{"toString": 1}',
  '{"valueOf": 1, "toString": "x"}',
  '{"hasOwnProperty": 1}',
  '{"__proto__": null}',
];

const ODD_STRINGS = [
  "",
  " ",
  "x",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff x",
  "🙂",
  "\u202e",
  "\u200b",
  "__proto__",
  "constructor",
  "NaN",
  "1",
  "-1",
  "null",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "%zz",
];

/** Something that is very likely the wrong thing wherever it is put. JSON-safe unless `msgpack`. */
function hostile(d: Dice, msgpack: boolean): unknown {
  switch (d.int(msgpack ? 15 : 11)) {
    case 0:
      return d.pick(ODD_STRINGS);
    case 1:
      return "s".repeat(d.int(1500));
    case 2:
      return d.pick([0, -1, 1.5, -0.5, 2 ** 31 + 1, 2 ** 53, -(2 ** 53), 1e308, -1e308, 5e-324, 65536, 4097]);
    case 3:
      return null;
    case 4:
      return d.pick([true, false]);
    case 5:
      return d.chance(0.5) ? [] : Array.from({ length: 1 + d.int(4) }, () => d.pick(ODD_STRINGS));
    case 6:
      return d.chance(0.3) ? {} : JSON.parse(d.pick(PROTO_OBJECTS));
    case 7:
      return deepObject(1 + d.int(200));
    case 8:
      return deepArray(1 + d.int(200));
    case 9:
      return Array.from({ length: d.int(600) }, (_, i) => i);
    case 10:
      return { nested: { deeper: d.pick(ODD_STRINGS) } };
    // msgpack only: values JSON cannot carry
    case 11:
      return d.pick([2n ** 40n, -(2n ** 63n), 0n, 1n, 2n ** 62n]);
    case 12:
      return d.pick([NaN, Infinity, -Infinity]);
    case 13:
      return undefined;
    default:
      return d.chance(0.5) ? new Date(0) : new Uint8Array([1, 2, 3]);
  }
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Every path into a JSON-like template (objects and arrays), parents first. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([...prefix, i]);
      pathsOf(v, [...prefix, i], out);
    });
  } else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      out.push([...prefix, k]);
      pathsOf(v, [...prefix, k], out);
    }
  }
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown, remove = false): void {
  let here = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) here = here[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove) {
    if (Array.isArray(here)) here.splice(Number(last), 1);
    else delete here[last];
  } else {
    here[last] = value;
  }
}

// ------------------------------------------------------------------ room messages

/** What a message's schema expects: valid examples of every client message and media method. */
function validMessage(type: ClientMessageType, d: Dice, requestId: number): Record<string, unknown> {
  switch (type) {
    case "move":
      return { dx: d.pick([-1, 0, 1]), dy: d.pick([-1, 0, 1]), seq: d.int(2 ** 30) };
    case "walkTo":
      return d.chance(0.7) ? { tx: 2 + d.int(3), ty: 3 + d.int(2) } : { tx: d.int(4097), ty: d.int(4097) };
    case "locate":
      return { id: d.pick(["someone", "x".repeat(64), "__proto__", "constructor"]) };
    case "resync":
      return {};
    case "viewport":
      return { width: 1 + d.int(1000), height: 1 + d.int(1000) };
    case "media": {
      const method = d.pick(Object.keys(mediaRequests) as MediaMethod[]);
      return { requestId, method, data: validMedia(method) };
    }
    case "speaking":
      return { muted: d.chance(0.5) };
    case "chatSend":
      return d.chance(0.5) ? { channel: d.pick(["nearby", "floor", "event"]), text: d.pick(["hi", "<b>x</b>", "x".repeat(1000)]) } : { channel: "direct", to: d.pick(["someone", "__proto__"]), text: "hello" };
    case "chatEdit":
      return { id: d.pick(["someone", "__proto__"]), text: "edited" };
    case "chatDelete":
      return { id: d.pick(["someone", "constructor"]) };
    case "chatHistory":
      return d.chance(0.5) ? { channel: d.pick(["floor", "event"]) } : { channel: "direct", with: "someone", before: "x" };
    case "chatAnnouncements":
      return { only: d.chance(0.5) };
    case "chatGroup":
      return d.chance(0.5) ? { add: [d.pick(["someone", "__proto__"])] } : { group: d.pick(["g1", "constructor"]), add: ["someone", "x".repeat(64)] };
    case "react":
      return { kind: d.pick(["wave", "clap", "thumbs-up", "heart", "laugh", "raised-hand"]) };
    case "status":
      return { status: d.pick(["available", "busy", "away"]) };
    case "profile":
      return { id: d.pick(["someone", "__proto__"]) };
    case "moderate":
      return d.pick([
        { action: "mute", id: "someone" },
        { action: "ban", id: "someone", scope: "venue", reason: "x" },
        { action: "close", zone: "Table 1" },
        { action: "muteAll" },
        { action: "stop", id: "someone", source: d.pick(["camera", "screen"]) },
      ]);
    case "hand":
      return { raised: d.chance(0.5) };
    case "report":
      return { id: d.pick(["someone", "__proto__"]), reason: "rude" };
    case "block":
      return { personId: d.pick(["someone", "__proto__", "constructor"]), blocked: d.chance(0.5) };
    case "spot":
      return { closed: d.chance(0.5) };
    case "knock":
      return { zone: d.pick(["Table 1", "Nook", "nowhere", "__proto__"]) };
    case "knockAnswer":
      return { id: d.pick(["k1", "someone", "__proto__"]), letIn: d.chance(0.5) };
    case "follow":
      return d.chance(0.5) ? { id: d.pick(["someone", "__proto__"]) } : { personId: d.pick(["someone", "constructor"]) };
    case "unfollow":
      return {};
    case "editProfile":
      return {
        interests: d.pick([[], ["<b>ai</b>", "AI", "__proto__"], Array.from({ length: 20 }, (_, i) => `tag ${i}`)]),
        lookingFor: d.pick([[], ["a co-founder"]]),
        offering: d.pick([[], ["x".repeat(60)]]),
        affiliation: d.pick([null, "", "Acme <script>"]),
      };
    case "mixer":
      // An attendee's start and stop are refused; join, skip, teleport are theirs.
      return d.pick([
        { action: "start", rounds: 1 + d.int(12), seconds: 2 + d.int(60), minSize: 2, maxSize: 2 + d.int(4), prompt: "<b>hi</b>" },
        { action: "stop" },
        { action: "join" },
        { action: "leave" },
        { action: "skip" },
        { action: "teleport" },
        { action: "view" },
      ]);
  }
}

function validMedia(method: MediaMethod): Record<string, unknown> {
  switch (method) {
    case "getRouterRtpCapabilities":
      return {};
    case "setRtpCapabilities":
      return { rtpCapabilities: { codecs: [{ kind: "audio", mimeType: "audio/opus", clockRate: 48000, channels: 2 }], headerExtensions: [] } };
    case "createTransport":
      return { direction: "recv" };
    case "connectTransport":
      return { transportId: "no-such-transport", dtlsParameters: { role: "client", fingerprints: [{ algorithm: "sha-256", value: "AB:CD" }] } };
    case "produce":
      return {
        transportId: "no-such-transport",
        kind: "audio",
        rtpParameters: { mid: "0", codecs: [{ mimeType: "audio/opus", payloadType: 111, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 1 }] },
        source: "mic",
      };
    case "closeProducer":
      return { producerId: "no-such-producer" };
    case "setProducerPaused":
      return { producerId: "no-such-producer", paused: true };
    case "consumerReady":
      return { consumerId: "no-such-consumer" };
  }
}

type Expectation =
  | { kind: "unknown" }
  | { kind: "too_large" }
  | { kind: "invalid"; field: string | undefined; extraKey: boolean }
  | { kind: "media_invalid"; requestId: number; field: string | undefined; extraKey: boolean }
  | { kind: "valid" }
  | { kind: "lenient" };

function jsonSize(value: unknown): number {
  if (value === undefined) return 0;
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))?.length ?? 0;
  } catch {
    return Infinity;
  }
}

interface Issue {
  code: string;
  path: PropertyKey[];
  keys?: string[];
}
/** The field a refusal must name: the path to the bad value; for a key that is not allowed, the key itself. */
function issueExpectation(issue: Issue | undefined): { field: string | undefined; extraKey: boolean } {
  const keys = issue?.path.map(String) ?? [];
  const extraKey = issue?.code === "unrecognized_keys";
  if (extraKey && issue?.keys?.[0] !== undefined) keys.push(issue.keys[0]);
  // msgpackr decodes a "__proto__" key as "__proto_" (so decoding cannot pollute prototypes).
  const path = keys.map((k) => (k === "__proto__" ? "__proto_" : k)).join(".");
  return { field: path || undefined, extraKey: extraKey && (issue?.path.length ?? 0) === 0 };
}

/** The answer the guard owes `type`/`payload`, worked out with the server's own schemas. */
function expectationFor(type: unknown, payload: unknown, hasOddValues: boolean): Expectation {
  if (typeof type !== "string" || !Object.hasOwn(clientMessages, type)) return { kind: "unknown" };
  const t = type as ClientMessageType;
  const limit = t === "media" ? MAX_MEDIA_MESSAGE_BYTES : CHAT_TEXT_TYPES.has(t) ? CHAT_MESSAGE_BYTES : MAX_MESSAGE_BYTES;
  const size = jsonSize(payload);
  if (!Number.isFinite(size) || Math.abs(size - limit) < 80) return { kind: "lenient" };
  if (size > limit) return { kind: "too_large" };
  // Dates and byte arrays come out of msgpack as other objects: the verdict may differ.
  if (hasOddValues) return { kind: "lenient" };
  const parsed = clientMessages[t].safeParse(payload);
  if (!parsed.success) return { kind: "invalid", ...issueExpectation(parsed.error.issues[0]) };
  if (t === "media") {
    const req = parsed.data as { requestId: number; method: MediaMethod; data: unknown };
    const data = mediaRequests[req.method].safeParse(req.data ?? {});
    if (!data.success) {
      const e = issueExpectation(data.error.issues[0]);
      return { kind: "media_invalid", requestId: req.requestId, field: e.field ? `data.${e.field}` : undefined, extraKey: e.extraKey };
    }
  }
  return { kind: "valid" };
}

function containsOdd(v: unknown, depth = 0): boolean {
  if (v instanceof Date || v instanceof Uint8Array) return true;
  if (depth > 50 || typeof v !== "object" || v === null) return false;
  return Object.values(v).some((x) => containsOdd(x, depth + 1));
}

interface WsCase {
  label: string;
  /** A colyseus.js send, or a raw frame (first byte: Colyseus protocol code). */
  send: { type: string | number; payload: unknown } | { raw: Uint8Array };
  expect: Expectation;
  /** Close codes that are a fair answer to this case (4008, abuse, always is). */
  closeOk: number[];
}

const CLIENT_TYPES = Object.keys(clientMessages) as ClientMessageType[];
const ODD_TYPES: (string | number)[] = [
  "*",
  "__no_message_handler",
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "",
  "MOVE",
  "move ",
  "mové",
  "media\u0000",
  "\ud800",
  "t".repeat(200),
  "t".repeat(1500),
  "T".repeat(3000),
  0,
  1,
  -1,
  3.5,
  2 ** 40,
];

const enc = (s: string) => new TextEncoder().encode(s);
function fixstr(s: string): number[] {
  const b = [...enc(s)];
  return [0xa0 | b.length, ...b];
}
const ROOM_DATA = 13;
const ROOM_DATA_BYTES = 17;
const JOIN_ROOM = 10;

function rawFrames(d: Dice): WsCase {
  const frames: Array<[string, number[]]> = [
    ["undecodable msgpack (0xc1)", [ROOM_DATA, ...fixstr("move"), 0xc1]],
    ["truncated msgpack map", [ROOM_DATA, ...fixstr("move"), 0x83, 0xa2, 0x64, 0x78]],
    ["array32 claiming 4 billion items", [ROOM_DATA, ...fixstr("viewport"), 0xdd, 0xff, 0xff, 0xff, 0xff]],
    ["str32 claiming 4 GB", [ROOM_DATA, ...fixstr("locate"), 0xdb, 0xff, 0xff, 0xff, 0xff, 0x61]],
    ["float64 NaN as the type", [ROOM_DATA, 0xcb, 0, 0, 0, 0, 0, 0, 0xf8, 0x7f, 0x80]],
    ["uint64 as the type", [ROOM_DATA, 0xcf, 1, 2, 3, 4, 5, 6, 7, 8]],
    ["no type at all", [ROOM_DATA]],
    ["empty string type byte", [ROOM_DATA, 0xa0, 0x80]],
    ["type string longer than the frame", [ROOM_DATA, 0xdb, 0xff, 0xff, 0xff, 0x7f, 0x61, 0x62]],
    ["bytes payload for move", [ROOM_DATA_BYTES, ...fixstr("move"), 1, 2, 3]],
    ["bytes payload for *", [ROOM_DATA_BYTES, ...fixstr("*"), 1, 2, 3]],
    ["bytes payload for __no_message_handler", [ROOM_DATA_BYTES, ...fixstr("__no_message_handler"), 0xff]],
    ["join again", [JOIN_ROOM]],
    ["random bytes", Array.from({ length: 1 + d.int(64) }, () => d.int(256))],
    ["random bytes after ROOM_DATA", [ROOM_DATA, ...Array.from({ length: 1 + d.int(64) }, () => d.int(256))]],
    ["ext type 0x78 (RegExp) with a broken pattern", [ROOM_DATA, ...fixstr("move"), 0xc7, 0x04, 0x78, 0x92, 0xa1, 0x28, 0xa0]],
    ["ext type 0x65 (Error)", [ROOM_DATA, ...fixstr("move"), 0xc7, 0x04, 0x65, 0x92, 0xa1, 0x78, 0xa0]],
  ];
  const [label, bytes] = d.pick(frames);
  return { label: `raw frame: ${label}`, send: { raw: new Uint8Array(bytes) }, expect: { kind: "lenient" }, closeOk: [4002, 4000, 1000] };
}

function wsCase(d: Dice, requestId: number): WsCase {
  const roll = d.float();
  if (roll < 0.12) {
    // A type that is not a client message: strings, numbers, and (as the "*" payload) anything.
    if (d.chance(0.4)) {
      const asType = d.chance(0.5) ? hostile(d, true) : JSON.parse(d.pick(PROTO_OBJECTS));
      return { label: `"*" carrying a ${typeof asType} as the type`, send: { type: "*", payload: asType }, expect: { kind: "unknown" }, closeOk: [] };
    }
    const type = d.pick(ODD_TYPES);
    const label = `type ${JSON.stringify(String(type).slice(0, 30))}`;
    // colyseus.js writes a lone surrogate in the type as 4 bytes under a 3-byte length, and
    // a long type (over ~1 KB, with a payload) over the payload's room, so the server cannot read
    // the frame: Colyseus closes with 4002 (or the frame grows past 64 KB: 1009).
    if (typeof type === "string" && (/[\ud800-\udfff]/.test(type) || type.length > 1000)) {
      return { label, send: { type, payload: hostile(d, true) }, expect: { kind: "lenient" }, closeOk: [4002, 1009] };
    }
    return { label, send: { type, payload: hostile(d, true) }, expect: { kind: "unknown" }, closeOk: [] };
  }
  if (roll < 0.17) return rawFrames(d);
  const type = d.pick(CLIENT_TYPES);
  const message = validMessage(type, d, requestId);
  let label: string;
  let payload: unknown = message;
  let closeOk: number[] = [];
  const r = d.float();
  if (r < 0.12) {
    label = `valid ${type}`;
  } else if (r < 0.55) {
    const paths = pathsOf(message);
    if (paths.length === 0) {
      payload = { [d.pick(["x", "__proto__", "dx"])]: hostile(d, true) };
      label = `${type} with an extra key`;
    } else {
      const path = d.pick(paths);
      const value = hostile(d, true);
      setAt(message, path, value);
      label = `${type} with ${path.join(".")} = ${show(value)}`;
    }
  } else if (r < 0.65) {
    const paths = pathsOf(message);
    if (paths.length) {
      const path = d.pick(paths);
      setAt(message, path, undefined, true);
      label = `${type} without ${path.join(".")}`;
    } else {
      label = `valid ${type}`;
    }
  } else if (r < 0.75) {
    const key = d.pick(["__proto__", "constructor", "prototype", "toString", "extra", "k".repeat(100), "\u0000"]);
    const extra = JSON.parse(`{${JSON.stringify(key)}: ${JSON.stringify(d.pick(ODD_STRINGS))}}`) as Record<string, unknown>;
    if (type === "media" && d.chance(0.5)) {
      const data = message.data as Record<string, unknown>;
      Object.assign(data, extra);
      if (key === "__proto__") Object.defineProperty(data, "__proto__", { value: extra.__proto__, enumerable: true, configurable: true, writable: true });
      label = `media data with an extra key ${JSON.stringify(key)}`;
    } else {
      Object.assign(message, extra);
      if (key === "__proto__") Object.defineProperty(message, "__proto__", { value: extra.__proto__, enumerable: true, configurable: true, writable: true });
      label = `${type} with an extra key ${JSON.stringify(key)}`;
    }
  } else if (r < 0.85) {
    payload = d.pick<unknown>(["move", 42, null, true, [1, 2], [message], 2n ** 40n, undefined, NaN, ""]);
    label = `${type} whose payload is ${show(payload)}`;
  } else if (r < 0.92) {
    const big = "L".repeat(type === "media" ? 17_000 + d.int(30_000) : 2_200 + d.int(40_000));
    const paths = pathsOf(message);
    if (paths.length) setAt(message, d.pick(paths), big);
    else payload = { big };
    label = `${type} with a ${big.length}-character string`;
  } else if (r < 0.97) {
    const depth = 300 + d.int(1700);
    const paths = pathsOf(message);
    if (paths.length) setAt(message, d.pick(paths), d.chance(0.5) ? deepObject(depth) : deepArray(depth));
    else payload = deepObject(depth);
    label = `${type} nested ${depth} deep`;
    return { label, send: { type, payload }, expect: { kind: "lenient" }, closeOk: [4002] };
  } else {
    // Over the WebSocket frame limit (64 KB): the transport closes the connection.
    payload = { ...message, pad: "W".repeat(70_000 + d.int(10_000)) };
    label = `${type} over the 64 KB frame limit`;
    closeOk = [1009];
    return { label, send: { type, payload }, expect: { kind: "lenient" }, closeOk };
  }
  return { label, send: { type, payload }, expect: expectationFor(type, payload, containsOdd(payload)), closeOk };
}

function show(v: unknown): string {
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "string") return v.length > 20 ? `a ${v.length}-character string` : JSON.stringify(v);
  if (v === undefined) return "undefined";
  if (typeof v === "number") return String(v);
  if (v instanceof Date) return "a Date";
  if (v instanceof Uint8Array) return "bytes";
  try {
    const s = JSON.stringify(v);
    return s.length > 40 ? `${Array.isArray(v) ? "an array" : "an object"} (${s.length} chars)` : s;
  } catch {
    return typeof v;
  }
}

interface Outcome {
  errors: ServerMessages["error"][];
  closed: number | undefined;
  unsendable: boolean;
}

/** One attendee sending hostile messages, one at a time, each followed by a probe. */
class Attacker {
  room: FloorRoom | undefined;
  errors: ServerMessages["error"][] = [];
  readonly media = new Map<unknown, MediaResponse>();
  closedWith: number | undefined;
  joins = 0;
  #probe = 0;
  #lastSend = 0;

  constructor(
    readonly server: RunningServer,
    readonly name: string,
  ) {}

  async connect(): Promise<FloorRoom> {
    if (this.room && this.closedWith === undefined) return this.room;
    this.joins++;
    const room = await joinFloor(this.server.wsUrl, { name: `${this.name} ${this.joins}`, avatar: "slate", viewport: { width: 10, height: 10 } });
    this.errors = [];
    this.closedWith = undefined;
    room.onMessage("error", (e: ServerMessages["error"]) => this.errors.push(e));
    room.onMessage("mediaResponse", (r: MediaResponse) => this.media.set(r.requestId, r));
    for (const t of ["mediaEvent", "located", "portal", "notice", "following", "knock", "knockGone", "knockStatus", "spotClosed"]) room.onMessage(t, () => {});
    room.onLeave((code) => (this.closedWith = code));
    this.room = room;
    return room;
  }

  async run(c: WsCase): Promise<Outcome> {
    const room = await this.connect();
    const wait = this.#lastSend + 40 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    this.#lastSend = Date.now();
    const from = this.errors.length;
    try {
      if ("raw" in c.send) room.connection.send(c.send.raw);
      else room.send(c.send.type, c.send.payload);
    } catch {
      return { errors: [], closed: undefined, unsendable: true }; // msgpack could not encode it here
    }
    const probe = `probe-${this.name.replace(/\W/g, "")}-${++this.#probe}`;
    if (room.connection.isOpen) room.send("locate", { id: probe });
    const isProbe = (e: ServerMessages["error"]) => e.code === "not_found" && e.message.includes(`"${probe}"`);
    await waitFor(() => this.closedWith !== undefined || this.errors.slice(from).some(isProbe), `the probe after "${c.label}"`, 10_000);
    const upTo = this.errors.findIndex((e, i) => i >= from && isProbe(e));
    return { errors: this.errors.slice(from, upTo < 0 ? undefined : upTo), closed: this.closedWith, unsendable: false };
  }
}

/**
 * Chat and other handlers that answer after a database call may answer after the probe:
 * an error naming another real message type than this case's is a late answer to an
 * earlier case, not this case's verdict.
 */
function ownErrors(c: WsCase, errors: ServerMessages["error"][]): ServerMessages["error"][] {
  const sent = "type" in c.send ? c.send.type : undefined;
  return errors.filter((e) => e.type === sent || !Object.hasOwn(clientMessages, e.type));
}

function judge(c: WsCase, raw: Outcome, attacker: Attacker): string[] {
  const out = { ...raw, errors: ownErrors(c, raw.errors) };
  const problems: string[] = [];
  const say = (what: string) => problems.push(`${c.label}: ${what} (got ${JSON.stringify(out.errors).slice(0, 300)}${out.closed !== undefined ? `, closed ${out.closed}` : ""})`);
  for (const e of out.errors) {
    if (typeof e.type !== "string" || typeof e.message !== "string") say("an error without a type or message");
  }
  if (out.closed !== undefined && out.closed !== 4008 && !c.closeOk.includes(out.closed)) say(`closed with ${out.closed}`);
  if (out.errors.some((e) => e.code === "rate_limited")) return problems; // paced to avoid this; not judged
  const first = out.errors[0];
  const ex = c.expect;
  switch (ex.kind) {
    case "unknown":
      if (first?.code !== "unknown_message") say("expected unknown_message");
      break;
    case "too_large":
      if (first?.code !== "message_too_large") say("expected message_too_large");
      break;
    case "invalid":
      if (first?.code !== "invalid_message") say("expected invalid_message");
      else if (ex.field !== undefined && first.field !== ex.field) say(`expected field ${JSON.stringify(ex.field)}`);
      else if (ex.extraKey && !first.field) say("an unexpected key is not named in `field`");
      break;
    case "media_invalid": {
      const r = attacker.media.get(ex.requestId);
      if (first) say("expected a mediaResponse, not an error");
      else if (!r || r.ok) say(`expected mediaResponse ${ex.requestId} to refuse the data`);
      else if (ex.field !== undefined && r.field !== ex.field) say(`expected mediaResponse field ${JSON.stringify(ex.field)}, got ${JSON.stringify(r.field)} (${r.error})`);
      else if (ex.extraKey && !r.field) say(`an unexpected key in media data is not named in \`field\` (${r.error})`);
      break;
    }
    case "valid":
      for (const e of out.errors) {
        if (e.code === "invalid_message" || e.code === "unknown_message" || e.code === "message_too_large") say(`a valid message was refused: ${e.message}`);
      }
      break;
    case "lenient":
      break;
  }
  return problems;
}

// ------------------------------------------------------------------ API requests

interface ApiCase {
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer | Iterable<Buffer>;
  /** Over a body limit: a reset connection after the answer counts as refused. */
  oversized: boolean;
}

type BodyKind = "signup" | "login" | "venue" | "floor" | "save" | "restore" | "png" | "none";
interface RouteSpec {
  method: string;
  path: string;
  body: BodyKind;
}

const ROUTES: RouteSpec[] = [
  { method: "GET", path: "/healthz", body: "none" },
  { method: "GET", path: "/api/floors/:floor", body: "none" },
  { method: "GET", path: "/api/stats", body: "none" },
  { method: "GET", path: "/api/debug/floors/:floor/media", body: "none" },
  { method: "GET", path: "/assets/:asset", body: "none" },
  { method: "GET", path: "/:page", body: "none" },
  { method: "POST", path: "/api/auth/signup", body: "signup" },
  { method: "POST", path: "/api/auth/login", body: "login" },
  { method: "POST", path: "/api/auth/logout", body: "none" },
  { method: "GET", path: "/api/auth/me", body: "none" },
  { method: "POST", path: "/api/venues", body: "venue" },
  { method: "GET", path: "/api/venues", body: "none" },
  { method: "GET", path: "/api/venues/:venue", body: "none" },
  { method: "POST", path: "/api/venues/:venue/floors", body: "floor" },
  { method: "GET", path: "/api/venues/:venue/floors/:floor", body: "none" },
  { method: "PUT", path: "/api/venues/:venue/floors/:floor", body: "save" },
  { method: "GET", path: "/api/venues/:venue/floors/:floor/export", body: "none" },
  { method: "GET", path: "/api/venues/:venue/floors/:floor/versions", body: "none" },
  { method: "GET", path: "/api/venues/:venue/floors/:floor/versions/:version", body: "none" },
  { method: "POST", path: "/api/venues/:venue/floors/:floor/versions/:version/restore", body: "restore" },
  { method: "POST", path: "/api/venues/:venue/assets", body: "png" },
  { method: "GET", path: "/api/venues/:venue/assets", body: "none" },
  { method: "GET", path: "/api/venues/:venue/assets/:name", body: "none" },
];

const BAD_SEGMENTS = [
  "%zz",
  "%",
  "%%",
  "%00",
  "a%00b",
  "%ED%A0%80",
  "%C0%AF",
  "%E0%A4%A",
  "..",
  "%2e%2e",
  "%2F",
  "%F0%9F%99%82",
  "__proto__",
  "constructor",
  "UPPER",
  "a".repeat(300),
  "%20",
  ";",
  "x%3Bq",
  "%FF%FE",
  "-",
  "1",
];
const PARAMS: Record<string, string[]> = {
  venue: ["victim", "foyer", "nope", "vi%63tim", "VICTIM", ...BAD_SEGMENTS],
  floor: ["hall", "annex", "main", "nope", "HALL", ...BAD_SEGMENTS],
  version: ["1", "2", "0", "-1", "1.5", "1e3", "999999999", "9999999999", "%EF%BC%91", "0x1", "%201", "abc", ...BAD_SEGMENTS],
  name: ["tiles.png", "nope.png", "..%2Fpackage.json", ".hidden", "%00.png", "a".repeat(120), ...BAD_SEGMENTS],
  asset: ["tiles/%zz", "src/generate.ts", "src/rng.ts", "..%2Fpackage.json", "%2e%2e/package.json", "maps/nope.tmj", "avatars/", "tiles/..", "CREDITS.md", "x.png", ...BAD_SEGMENTS],
  page: ["", "editor", "index.html", "nope", "%zz", "api", "matchmake", ...BAD_SEGMENTS],
};
const QUERIES = [
  "",
  "",
  "",
  "?venue=victim",
  "?venue=a&venue=b",
  "?venue[]=x",
  "?venue[a]=b",
  "?venue=%zz",
  "?venue=%00",
  "?venue=%ED%A0%80",
  "?images",
  "?images=%00",
  "?name=tiles.png",
  "?name=%00",
  "?name=..%2F..%2Fx.png",
  "?name=a&name=b",
  `?q=${"b".repeat(5000)}`,
  "?__proto__[polluted]=1",
  "?constructor[prototype][polluted]=1",
];

const EMAILS = ["victim@example.com", "attacker@example.com", "nobody@example.com", "x@x.io"];

function jsonTemplate(kind: BodyKind, d: Dice): Record<string, unknown> {
  switch (kind) {
    case "signup":
      return { email: d.chance(0.5) ? d.pick(EMAILS) : `fuzz${d.int(1e9)}@example.com`, password: `a long passphrase ${d.int(1e6)}`, displayName: "Fuzz" };
    case "login":
      return { email: d.pick(EMAILS), password: `guess ${d.int(1e6)} words long` };
    case "venue":
      return { name: "Fuzz venue", slug: d.pick(["victim", "fresh-venue", "foyer"]) };
    case "floor":
      return { slug: d.pick(["hall", "annex", "fresh-floor"]), name: "Fuzz floor", map: clone(d.chance(0.5) ? MAP_A : MAP_B), note: "fuzz" };
    case "save":
      return { map: clone(d.chance(0.5) ? MAP_A : MAP_B), expectedVersion: d.pick([1, 2, 3]), note: "fuzz" };
    case "restore":
      return d.chance(0.3) ? {} : { expectedVersion: d.pick([1, 2]), note: "fuzz" };
    default:
      return {};
  }
}

/** Corrupts one thing in a JSON body (possibly deep inside the map). */
function corrupt(body: Record<string, unknown>, d: Dice): string {
  const r = d.float();
  const paths = pathsOf(body);
  if (r < 0.5 && paths.length) {
    const path = d.pick(paths);
    const v = hostile(d, false);
    setAt(body, path, v);
    return `${path.join(".")} = ${show(v)}`;
  }
  if (r < 0.65 && paths.length) {
    const path = d.pick(paths.filter((p) => p.length === 1).length ? paths.filter((p) => p.length === 1) : paths);
    setAt(body, path, undefined, true);
    return `without ${path.join(".")}`;
  }
  if (r < 0.8 && body.map !== undefined) {
    const map = body.map as Record<string, unknown>;
    const tweak = d.int(8);
    if (tweak === 0) map.width = d.pick([0, -1, 1e9, 513, "12"]);
    else if (tweak === 1) map.layers = d.pick<unknown>([[], null, "x", Array.from({ length: 40 }, () => ({ type: "tilelayer" }))]);
    else if (tweak === 2) (map.tilesets as Record<string, unknown>[])[0]!.image = d.pick(["../../../package.json", "javascript:alert(1)", "\u0000.png", "\ud800.png", "https://evil.example/x.png"]);
    else if (tweak === 3) (map.tilesets as Record<string, unknown>[])[0] = { firstgid: 1, source: d.pick(["../../etc/passwd", "x.tsj", "\u0000"]) };
    else if (tweak === 4) (map.layers as Record<string, unknown>[])[0]!.data = d.pick<unknown>(["eJzLSM3JyQcABiwCFQ==", "!!!notbase64", Array.from({ length: 5 }, () => 1)]);
    else if (tweak === 5) Object.assign((map.layers as Record<string, unknown>[])[0]!, { encoding: "base64", compression: d.pick(["zlib", "gzip", "zstd", "lz4"]), data: "H4sIAAAAAAAAA+3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVMsAQAAA" });
    else if (tweak === 6) ((map.layers as Record<string, unknown>[])[2]!.objects as Record<string, unknown>[])[0]!.name = d.pick(["\u0000", "\ud800", "x".repeat(5000)]);
    else map.properties = Array.from({ length: 100 }, (_, i) => ({ name: `p${i}`, type: "string", value: "\u0000" }));
    return `map tweak ${tweak}`;
  }
  if (r < 0.9) {
    const key = d.pick(["__proto__", "constructor", "prototype", "extra"]);
    Object.defineProperty(body, key, { value: JSON.parse(d.pick(PROTO_OBJECTS)), enumerable: true, configurable: true, writable: true });
    return `extra key ${key}`;
  }
  return "as is";
}

const CONTENT_TYPES = [
  "application/json",
  "application/json",
  "application/json",
  "application/json; charset=utf-8",
  "application/json; charset=utf-16",
  "application/json; charset=latin1",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/vnd.api+json",
  "image/png",
  "",
];

const RAW_BODIES = [
  "{",
  "{'a': 1}",
  "[1, 2",
  '{"a": 1} trailing',
  "\u0000",
  "null",
  "[]",
  '"string"',
  "42",
  "true",
  '{"email": "a@b.co", "email": "victim@example.com"}',
  "[".repeat(50_000) + "]".repeat(50_000),
  '{"a":' .repeat(20_000) + "1" + "}".repeat(20_000),
  "\ufeff{}",
  "email=victim%40example.com&password=x",
];

interface Sessions {
  victim: string;
  attacker: string;
}

function cookieFor(d: Dice, s: Sessions): { header: string | undefined; who: "victim" | "attacker" | "forged" | "none" } {
  const r = d.float();
  if (r < 0.25) return { header: undefined, who: "none" };
  if (r < 0.5) return { header: `foyer_session=${s.victim}`, who: "victim" };
  if (r < 0.7) return { header: `foyer_session=${s.attacker}`, who: "attacker" };
  const forged = d.pick([
    `foyer_session=${"A".repeat(43)}`,
    `foyer_session=${createHash("sha256").update(String(d.int(1e9))).digest("base64url").slice(0, 43)}`,
    "foyer_session=%zz",
    "foyer_session=%00",
    `foyer_session=${"x".repeat(8000)}`,
    `foyer_session=a; foyer_session=${s.victim}`,
    `foyer_session="${s.victim.slice(0, 40)}"`,
    "foyer_session=",
    "foyer_session",
    "=; ;;=foyer_session",
    `foyer_session=${s.victim.slice(0, 42)}\u00ff`,
    `foyer_session=${encodeURIComponent(s.victim)}%00`,
  ]);
  return { header: forged, who: "forged" };
}

/** A body that cannot change anything of the victim's even if it passes validation. */
function defuse(kind: BodyKind, body: Record<string, unknown>): void {
  if (kind === "save" || kind === "restore") {
    // The victim's floors are at version 2: any other expected version is a conflict.
    if (!("expectedVersion" in body) || body.expectedVersion === 2) body.expectedVersion = 1;
  }
  if ((kind === "venue" || kind === "floor") && typeof body.slug === "string" && SLUG_PATTERN.test(body.slug)) {
    body.slug = kind === "venue" ? "victim" : "hall"; // taken: 409
  }
}

function fillPath(template: string, d: Dice): string {
  return template.replace(/:(\w+)/g, (_m, name: string) => d.pick(PARAMS[name] ?? BAD_SEGMENTS));
}

function apiCase(d: Dice, own: string, sessions: Sessions): ApiCase {
  const route = d.pick(ROUTES);
  let method = route.method;
  if (d.chance(0.08)) method = d.pick(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
  const path = fillPath(route.path, d) + d.pick(QUERIES);
  const headers: Record<string, string> = {};
  if (d.chance(0.85)) headers.origin = own;
  const cookie = cookieFor(d, sessions);
  const mutates = !["GET", "HEAD", "OPTIONS"].includes(method);
  // A victim's own logout is not an attack; send it with the attacker's session instead.
  if (cookie.who === "victim" && route.path === "/api/auth/logout") cookie.header = `foyer_session=${sessions.attacker}`;
  if (cookie.header !== undefined) headers.cookie = cookie.header;
  let body: string | Buffer | Iterable<Buffer> | undefined;
  let oversized = false;
  let what = "";
  const kind = route.body;
  if (kind === "png" && method !== "GET") {
    headers["content-type"] = d.chance(0.8) ? "image/png" : d.pick(CONTENT_TYPES);
    const r = d.float();
    if (r < 0.05) {
      oversized = true;
      body = Buffer.alloc(2 * 1024 * 1024 + 1 + d.int(1000), 7);
      what = "an oversized image";
    } else if (r < 0.5) {
      body = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(Array.from({ length: d.int(200) }, () => d.int(256)))]);
      what = "a PNG signature and garbage";
    } else if (r < 0.8) {
      body = Buffer.from(Array.from({ length: d.int(300) }, () => d.int(256)));
      what = "random bytes";
    } else {
      body = d.pick(RAW_BODIES);
      what = "text";
    }
  } else if (kind !== "none" && kind !== "png" && mutates) {
    const r = d.float();
    const type = d.chance(0.75) ? "application/json" : d.pick(CONTENT_TYPES);
    if (type) headers["content-type"] = type;
    if (r < 0.04) {
      oversized = true;
      const limit = kind === "signup" || kind === "login" ? 64 * 1024 : 5 * 1024 * 1024;
      const size = limit + 1 + d.int(2000);
      const pad = Buffer.alloc(size - 12, 0x61);
      body = [Buffer.from('{"pad": "'), pad, Buffer.from('"}')];
      what = `an oversized body (${size} bytes)`;
    } else if (r < 0.15 && !(cookie.who === "victim" && kind === "restore")) {
      // (Not for the victim's restore: a body that parses to nothing restores onto the current version.)
      body = d.pick(RAW_BODIES);
      what = `raw ${JSON.stringify(String(body).slice(0, 20))}`;
    } else if (r < 0.2) {
      headers["content-encoding"] = d.pick(["gzip", "deflate", "br", "x-unknown", "gzip, gzip"]);
      body = Buffer.from(Array.from({ length: 10 + d.int(100) }, () => d.int(256)));
      what = `garbage ${headers["content-encoding"]}-encoded`;
    } else {
      const tpl = jsonTemplate(kind, d);
      // Mostly broken; a valid sign-up now and then costs a password hash, so rarely.
      what = kind === "signup" && d.chance(0.02) ? "as is" : corrupt(tpl, d);
      if (cookie.who === "victim") defuse(kind, tpl);
      body = JSON.stringify(tpl);
    }
  } else if (mutates && d.chance(0.3)) {
    headers["content-type"] = d.pick(CONTENT_TYPES) || "application/json";
    body = d.pick(RAW_BODIES);
    what = "a stray body";
  }
  if (d.chance(0.03)) headers["sec-fetch-site"] = "same-origin";
  if (d.chance(0.02)) headers["x-forwarded-for"] = "1.2.3.4, 5.6.7.8";
  return { label: `${method} ${path.slice(0, 120)} [${cookie.who}] ${what}`.trim(), method, path, headers, ...(body !== undefined ? { body } : {}), oversized };
}

function judgeReply(c: ApiCase, r: HttpReply | Error): string[] {
  if (r instanceof Error) {
    return c.oversized && /ECONNRESET|EPIPE|socket hang up/.test(r.message) ? [] : [`${c.label}: no answer (${r.message})`];
  }
  const problems: string[] = [];
  const show = `${r.status} ${r.text.slice(0, 200)}`;
  if (r.status >= 500 && !(r.status === 503 && /has not been built/.test(r.text))) problems.push(`${c.label}: ${show}`);
  if (r.status === 0) problems.push(`${c.label}: no status`);
  if (r.json !== undefined) {
    const body = record(r.json);
    if (r.status === 400 && (typeof body.error !== "string" || typeof body.field !== "string" || body.field === "")) {
      problems.push(`${c.label}: a 400 without error and field: ${show}`);
    }
    if (r.status >= 400 && typeof body.error !== "string") problems.push(`${c.label}: an error answer without an error string: ${show}`);
  }
  return problems;
}

// ------------------------------------------------------------------ what a host can read

async function snapshot(host: HostSession, base: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const read = async (path: string, raw = false) => {
    const r = await host.get(path);
    out[path] = raw ? { status: r.status, sha: createHash("sha256").update(r.text).digest("hex") } : { status: r.status, body: r.json ?? r.text };
    return r;
  };
  await read("/api/auth/me");
  await httpRequest(base, "GET", "/api/floors/main").then((r) => (out["public /api/floors/main"] = { status: r.status, body: r.json }));
  await read("/api/venues/foyer");
  const list = await read("/api/venues");
  const venues = (record(list.json).venues as { slug: string }[] | undefined) ?? [];
  for (const v of [...venues.map((x) => x.slug), "foyer"]) {
    const venue = await read(`/api/venues/${v}`);
    const floors = (record(record(venue.json).venue).floors as { slug: string }[] | undefined) ?? [];
    await read(`/api/venues/${v}/assets`);
    for (const f of floors) {
      await read(`/api/venues/${v}/floors/${f.slug}`);
      await read(`/api/venues/${v}/floors/${f.slug}/export`, true);
      const versions = await read(`/api/venues/${v}/floors/${f.slug}/versions`);
      for (const n of (record(versions.json).versions as { version: number }[] | undefined) ?? []) {
        await read(`/api/venues/${v}/floors/${f.slug}/versions/${n.version}`);
      }
    }
  }
  await read("/api/venues/victim/assets/tiles.png", true);
  return out;
}

function png(): Buffer {
  const img = new PNG({ width: 4, height: 4 });
  img.data.fill(200);
  return PNG.sync.write(img);
}

// ------------------------------------------------------------------ the tests

describe(`a fuzz pass against the whole server (seed ${SEED})`, () => {
  let server: RunningServer;
  let victim: HostSession;
  let attacker: HostSession;
  let before: Record<string, unknown>;
  /** Refusals of an unexpected extra key that do not name it in `field` (judged in their own test). */
  const extraKeyProblems: string[] = [];
  let wsRan = false;

  beforeAll(async () => {
    server = await startServer({ map: HALL_MAP, env: { FOYER_MEDIA: "on", FOYER_MEDIA_WORKERS: "1" } });
    victim = new HostSession(server.url, server.url);
    await victim.signup("victim@example.com", strongPassword(), "Victoria");
    expect((await victim.post("/api/venues", { name: "Victim venue", slug: "victim" })).status).toBe(201);
    for (const slug of ["hall", "annex"]) {
      expect((await victim.post("/api/venues/victim/floors", { slug, name: slug, map: MAP_A })).status).toBe(201);
      expect((await victim.put(`/api/venues/victim/floors/${slug}`, { map: MAP_B, expectedVersion: 1 })).status).toBe(200);
    }
    const upload = await victim.request("POST", "/api/venues/victim/assets?name=tiles.png", { headers: { "content-type": "image/png" }, body: png() });
    expect(upload.status, upload.text).toBe(201);
    attacker = new HostSession(server.url, server.url);
    await attacker.signup("attacker@example.com", strongPassword(), "Mallory");
    before = await snapshot(victim, server.url);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it(`${WS_CASES} hostile room messages from ${WS_CLIENTS} attendees: each is answered as its schema says, the floor carries on`, async () => {
    const d = new Dice(SEED);
    const cases = Array.from({ length: WS_CASES }, (_, i) => wsCase(d, 1_000_000 + i));
    const attackers = Array.from({ length: WS_CLIENTS }, (_, i) => new Attacker(server, `Fuzz ${String.fromCharCode(65 + i)}`));
    const problems: string[] = [];
    const tally = new Map<string, number>();
    let next = 0;
    let unsendable = 0;
    const started = Date.now();
    await Promise.all(
      attackers.map(async (a) => {
        while (next < cases.length && Date.now() - started < 60_000) {
          const c = cases[next++]!;
          const out = await a.run(c);
          if (out.unsendable) {
            unsendable++;
            continue;
          }
          tally.set(c.expect.kind, (tally.get(c.expect.kind) ?? 0) + 1);
          for (const p of judge(c, out, a)) (p.includes("an unexpected key") ? extraKeyProblems : problems).push(p);
          if (server.process.exitCode !== null) throw new Error(`the server exited after "${c.label}":\n${server.output().slice(-3000)}`);
        }
      }),
    );
    wsRan = true;
    const joins = attackers.reduce((n, a) => n + a.joins, 0);
    console.log(`ws fuzz (seed ${SEED}): ${next} cases in ${Date.now() - started} ms, ${unsendable} not encodable, ${joins} joins; ${JSON.stringify(Object.fromEntries(tally))}`);
    expect(server.process.exitCode).toBeNull();
    expect((await httpRequest(server.url, "GET", "/healthz")).status).toBe(200);
    expect(next, "the fuzz pass ran out of time").toBeGreaterThanOrEqual(cases.length * 0.9);
    expect(problems.slice(0, 40), `${problems.length} problems (seed ${SEED})`).toEqual([]);
    for (const a of attackers) if (a.room?.connection.isOpen) await a.room.leave().catch(() => {});
  }, 120_000);

  it("a room message refused for an unexpected extra key names that key in `field`", () => {
    expect(wsRan, "the room fuzz pass did not finish").toBe(true);
    expect(extraKeyProblems.slice(0, 10), `${extraKeyProblems.length} refusals (seed ${SEED})`).toEqual([]);
  });

  it(`${API_CASES} hostile API requests: never a 5xx, every 400 names its field, nothing stored changes`, async () => {
    const d = new Dice(SEED + 1);
    const sessions: Sessions = { victim: victim.cookie!, attacker: attacker.cookie! };
    const cases = Array.from({ length: API_CASES }, () => apiCase(d, server.url, sessions));
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: API_WORKERS }, async () => {
        while (next < cases.length && Date.now() - started < 60_000) {
          const c = cases[next++]!;
          const reply = await httpRequest(server.url, c.method, c.path, {
            headers: c.headers,
            ...(c.body !== undefined ? { body: c.body } : {}),
            timeoutMs: 20_000,
          }).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
          if (!(reply instanceof Error)) statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
          problems.push(...judgeReply(c, reply));
          if (server.process.exitCode !== null) throw new Error(`the server exited after "${c.label}":\n${server.output().slice(-3000)}`);
        }
      }),
    );
    console.log(`api fuzz (seed ${SEED}): ${next} requests in ${Date.now() - started} ms; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    expect(server.process.exitCode).toBeNull();
    expect((await httpRequest(server.url, "GET", "/healthz")).status).toBe(200);
    expect(next, "the fuzz pass ran out of time").toBeGreaterThanOrEqual(cases.length * 0.9);
    expect(problems.slice(0, 40), `${problems.length} problems (seed ${SEED})`).toEqual([]);
  }, 120_000);

  it("nothing the victim host can read has changed, and the public floor is the same", async () => {
    expect(server.process.exitCode).toBeNull();
    const after = await snapshot(victim, server.url);
    expect(after).toEqual(before);
  });
});
