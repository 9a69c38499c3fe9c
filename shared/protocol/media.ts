/**
 * Media signalling over the room connection. The client sends `media` requests
 * ({ requestId, method, data }) and gets one `mediaResponse` per request; the server
 * pushes consumer changes as `mediaEvent`. One zod schema per method's data, shared by
 * both sides, so a malformed request is refused with the field named before any
 * mediasoup call is made. mediasoup's own structures (RTP parameters, DTLS, capabilities)
 * are checked here for shape and sizes; mediasoup validates their meaning and its
 * errors are passed back verbatim.
 */
import { z } from "zod";
import { describeIssue, issuePath } from "./describe.ts";

const id = z.string().min(1).max(64);
const looseObject = z.record(z.string(), z.unknown());

export const MEDIA_SOURCES = ["mic", "camera", "screen"] as const;
export type MediaSource = (typeof MEDIA_SOURCES)[number];

/** The hash functions of a DTLS fingerprint (RFC 8122's names that both mediasoup sides accept). */
const FINGERPRINT_ALGORITHMS = ["sha-1", "sha-224", "sha-256", "sha-384", "sha-512"] as const;

const dtlsParameters = z
  .object({
    role: z.enum(["auto", "client", "server"]).optional(),
    fingerprints: z
      .array(z.object({ algorithm: z.enum(FINGERPRINT_ALGORITHMS), value: z.string().max(256) }).strict())
      .min(1)
      .max(8),
  })
  .strict();

const rtpParameters = z
  .object({
    mid: z.string().max(32).optional(),
    codecs: z.array(looseObject).min(1).max(16),
    headerExtensions: z.array(looseObject).max(32).optional(),
    encodings: z.array(looseObject).max(8).optional(),
    rtcp: looseObject.optional(),
    msid: z.string().max(200).optional(),
  })
  .strict();

const rtpCapabilities = z
  .object({
    codecs: z.array(looseObject).max(64).optional(),
    headerExtensions: z.array(looseObject).max(64).optional(),
  })
  .strict();

/** Request data by method. */
export const mediaRequests = {
  /** Router capabilities; the client loads its Device with them. */
  getRouterRtpCapabilities: z.object({}).strict(),
  /** What this client can receive; required before consumers are created for it. */
  setRtpCapabilities: z.object({ rtpCapabilities }).strict(),
  /** `plain: true` asks for a plain RTP transport (bots and tests; off unless the server allows it). */
  createTransport: z.object({ direction: z.enum(["send", "recv"]), plain: z.boolean().optional() }).strict(),
  /** WebRTC transports need dtlsParameters; plain RTP receive transports need ip and port. */
  connectTransport: z
    .object({
      transportId: id,
      dtlsParameters: dtlsParameters.optional(),
      ip: z.ipv4().optional(),
      port: z.number().int().min(1).max(65535).optional(),
    })
    .strict(),
  produce: z
    .object({ transportId: id, kind: z.enum(["audio", "video"]), rtpParameters, source: z.enum(MEDIA_SOURCES) })
    .strict(),
  closeProducer: z.object({ producerId: id }).strict(),
  /** Mute / unmute (mic) or pause a camera without renegotiating. */
  setProducerPaused: z.object({ producerId: id, paused: z.boolean() }).strict(),
  /** The client has set up the consumer's track; media may flow now. */
  consumerReady: z.object({ consumerId: id }).strict(),
} as const;
export type MediaMethod = keyof typeof mediaRequests;

const requestId = z.number().int().min(0).max(2 ** 31);
const MEDIA_METHODS = ["getRouterRtpCapabilities", "setRtpCapabilities", "createTransport", "connectTransport", "produce", "closeProducer", "setProducerPaused", "consumerReady"] as const satisfies readonly MediaMethod[];
// Every method is listed above (a compile error here names the missing one).
type Unlisted = Exclude<MediaMethod, (typeof MEDIA_METHODS)[number]>;
const everyMethodListed: [Unlisted] extends [never] ? true : Unlisted = true;

/** The envelope; the room's message guard checks it, checkMediaRequest the data. */
export const mediaRequestSchema = z
  .object({
    requestId,
    method: z.enum(MEDIA_METHODS),
    data: z.unknown(),
  })
  .strict();

export type MediaRequestData<M extends MediaMethod> = z.infer<(typeof mediaRequests)[M]>;

/** A request of method M whose data passed its method's schema; for M a union, one of them, discriminated by `method`. */
export type CheckedMediaRequest<M extends MediaMethod = MediaMethod> = { [K in M]: { requestId: number; method: K; data: MediaRequestData<K> } }[M];

function envelope<M extends MediaMethod>(method: M) {
  return z.object({ requestId, method: z.literal(method), data: mediaRequests[method] });
}
const checkedRequest = z.discriminatedUnion("method", [
  envelope("getRouterRtpCapabilities"),
  envelope("setRtpCapabilities"),
  envelope("createTransport"),
  envelope("connectTransport"),
  envelope("produce"),
  envelope("closeProducer"),
  envelope("setProducerPaused"),
  envelope("consumerReady"),
]);

/**
 * Check a request's data against its method's schema (the envelope was checked by the
 * room's message guard). A failure is the response to send, naming the field.
 */
export function checkMediaRequest(req: z.infer<typeof mediaRequestSchema>): { ok: true; request: CheckedMediaRequest } | { ok: false; response: MediaFailure } {
  const parsed = checkedRequest.safeParse({ requestId: req.requestId, method: req.method, data: req.data ?? {} });
  if (parsed.success) return { ok: true, request: parsed.data };
  // Paths start at the envelope ("data.direction"); the message names the field inside the data.
  const issue = parsed.error.issues[0];
  const path = issue ? issuePath(issue) : [];
  const inData = path[0] === "data" ? path.slice(1).join(".") : "";
  const text = issue?.message ?? "invalid";
  const message = inData ? `${inData}: ${text}` : text;
  return { ok: false, response: { requestId: req.requestId, ok: false, error: `invalid ${req.method}: ${message}`, ...(inData ? { field: `data.${inData}` } : {}) } };
}

/** RTP capabilities and parameters as they cross the wire: their shape is checked here, their meaning by mediasoup. */
export type RtpCapabilitiesData = z.infer<typeof rtpCapabilities>;
export type RtpParametersData = z.infer<typeof rtpParameters>;
export type DtlsParametersData = z.infer<typeof dtlsParameters>;

export interface IceParametersData {
  usernameFragment: string;
  password: string;
  iceLite?: boolean;
}

export interface IceCandidateData {
  foundation: string;
  priority: number;
  address: string;
  /** The same as `address` (mediasoup still sends it; mediasoup-client still reads it). */
  ip: string;
  protocol: "udp" | "tcp";
  port: number;
  type: "host" | "srflx" | "prflx" | "relay";
  tcpType?: "active" | "passive" | "so";
}

export type TransportInfo =
  | {
      id: string;
      iceParameters: IceParametersData;
      iceCandidates: IceCandidateData[];
      dtlsParameters: DtlsParametersData;
      /** A TURN relay to try when the media ports cannot be reached, with short-lived credentials. */
      iceServers?: { urls: string[]; username: string; credential: string }[];
      /** "relay": use only the TURN relay. */
      iceTransportPolicy?: "all" | "relay";
    }
  | { id: string; ip: string; port: number };

/** Response data by method. */
export interface MediaResponses {
  getRouterRtpCapabilities: { rtpCapabilities: RtpCapabilitiesData };
  setRtpCapabilities: Record<string, never>;
  createTransport: TransportInfo;
  connectTransport: Record<string, never>;
  produce: { producerId: string };
  closeProducer: Record<string, never>;
  setProducerPaused: Record<string, never>;
  consumerReady: Record<string, never>;
}

export type MediaFailure = { requestId: number; ok: false; error: string; field?: string };

/** The answer to a request of method M (without M: to any request). */
export type MediaResponse<M extends MediaMethod = MediaMethod> = { requestId: number; ok: true; data: MediaResponses[M] } | MediaFailure;

/** Server → client pushes. */
export type MediaEvent =
  | {
      type: "consumerAdded";
      consumerId: string;
      producerId: string;
      /** Session id of the person whose media this is. */
      peerId: string;
      kind: "audio" | "video";
      source: MediaSource;
      rtpParameters: RtpParametersData;
      paused: boolean;
    }
  | { type: "consumerPaused"; consumerId: string; paused: boolean }
  | { type: "consumerClosed"; consumerId: string }
  /** The media server restarted: drop all transports and set up again. */
  | { type: "reset"; reason: string };
