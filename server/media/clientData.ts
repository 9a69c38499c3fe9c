/**
 * mediasoup's own structures as a client sends them (RTP capabilities and parameters),
 * checked for the shape mediasoup's types promise, so they reach mediasoup without a
 * cast. The wire schemas (shared/protocol/media.ts) bound their size; their meaning
 * (which codecs, which payload types) is mediasoup's to judge, and its errors are passed back.
 */
import type { types } from "mediasoup";
import { z } from "zod";
import type { RtpCapabilitiesData, RtpParametersData } from "../../shared/protocol/media.ts";
import { MediaError } from "./MediaPeer.ts";

const HEADER_EXTENSION_URIS = [
  "urn:ietf:params:rtp-hdrext:sdes:mid",
  "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
  "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id",
  "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
  "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
  "urn:ietf:params:rtp-hdrext:ssrc-audio-level",
  "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension",
  "urn:3gpp:video-orientation",
  "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time",
  "urn:ietf:params:rtp-hdrext:toffset",
  "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay",
  "urn:mediasoup:params:rtp-hdrext:packet-id",
] as const satisfies readonly types.RtpHeaderExtensionUri[];
// Every extension mediasoup knows is listed (after a mediasoup upgrade, a compile error here names a new one).
type Unlisted = Exclude<types.RtpHeaderExtensionUri, (typeof HEADER_EXTENSION_URIS)[number]>;
const everyUriListed: [Unlisted] extends [never] ? true : Unlisted = true;

const kind = z.enum(["audio", "video"]);
const int = z.number().int();
const parameters = z.record(z.string(), z.unknown());
const rtcpFeedback = z.object({ type: z.string(), parameter: z.string().optional() }).loose();
const uri = z.enum(HEADER_EXTENSION_URIS);

const rtpCapabilities = z.object({
  codecs: z
    .array(
      z
        .object({ kind, mimeType: z.string(), preferredPayloadType: int, clockRate: int, channels: int.optional(), parameters: parameters.optional(), rtcpFeedback: z.array(rtcpFeedback).optional() })
        .loose(),
    )
    .optional(),
  headerExtensions: z
    .array(
      z
        .object({ kind, uri, preferredId: int, preferredEncrypt: z.boolean().optional(), direction: z.enum(["sendrecv", "sendonly", "recvonly", "inactive"]).optional() })
        .loose(),
    )
    .optional(),
}) satisfies z.ZodType<types.RtpCapabilities>;

const rtpParameters = z.object({
  mid: z.string().optional(),
  codecs: z.array(
    z.object({ mimeType: z.string(), payloadType: int, clockRate: int, channels: int.optional(), parameters: parameters.optional(), rtcpFeedback: z.array(rtcpFeedback).optional() }).loose(),
  ),
  headerExtensions: z.array(z.object({ uri, id: int, encrypt: z.boolean().optional(), parameters: parameters.optional() }).loose()).optional(),
  encodings: z
    .array(
      z
        .object({
          ssrc: int.optional(),
          rid: z.string().optional(),
          codecPayloadType: int.optional(),
          rtx: z.object({ ssrc: int }).loose().optional(),
          dtx: z.boolean().optional(),
          scalabilityMode: z.string().optional(),
          maxBitrate: z.number().optional(),
        })
        .loose(),
    )
    .optional(),
  rtcp: z.object({ cname: z.string().optional(), reducedSize: z.boolean().optional() }).loose().optional(),
  msid: z.string().optional(),
}) satisfies z.ZodType<types.RtpParameters>;

function parse<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const at = [field, ...(issue?.path ?? []).map(String)].join(".");
  throw new MediaError(`${at.slice("data.".length)}: ${issue?.message ?? "invalid"}`, at);
}

export function clientRtpCapabilities(data: RtpCapabilitiesData): types.RtpCapabilities {
  return parse(rtpCapabilities, data, "data.rtpCapabilities");
}

export function clientRtpParameters(data: RtpParametersData): types.RtpParameters {
  return parse(rtpParameters, data, "data.rtpParameters");
}
