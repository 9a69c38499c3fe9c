/**
 * Configuration from environment variables, validated once at start-up so a typo stops
 * the server with a message instead of surfacing later. README's "Configuration" table
 * lists the same variables.
 */
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import type { MediaConfig } from "./media/MediaService.ts";

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.string().url().optional(),
  FOYER_DATA_DIR: z.string().default(".data"),
  FOYER_PUBLIC_URL: z.string().url().optional(),
  FOYER_VENUE_NAME: z.string().min(1).max(80).default("Foyer"),
  FOYER_CLIENT_DIR: z.string().default("dist/client"),
  FOYER_DEFAULT_MAP: z.string().default("assets/maps/default-venue.tmj"),
  FOYER_ADMIN_EMAIL: z.email().optional(),
  FOYER_SETUP_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9_-]{24,200}$/, "must be 24 to 200 of A-Z, a-z, 0-9, _ and - (e.g. openssl rand -hex 16)")
    .optional(),
  FOYER_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, "must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.org:587")
    .optional(),
  FOYER_MAIL_FROM: z.string().min(3).max(200).default("Foyer <foyer@localhost>"),
  REDIS_URL: z.string().regex(/^rediss?:\/\/\S+$/, "must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379").optional(),
  FOYER_PUBLIC_ADDRESS: z
    .string()
    .regex(/^[A-Za-z0-9.\-\[\]:]+:\d{1,5}$/, "must be host:port, how browsers reach this very process (e.g. foyer-2.example.org:443)")
    .optional(),
  FOYER_STATS_TOKEN: z.string().regex(/^[A-Za-z0-9_-]{24,200}$/, "must be 24 to 200 of A-Z, a-z, 0-9, _ and -").optional(),
  FOYER_PENDING_JOINS_PER_CLIENT: z.coerce.number().int().min(1).max(100_000).default(100),
  FOYER_SIGNINS_PER_CLIENT: z.coerce.number().int().min(1).max(100_000).default(100),
  FOYER_MEDIA: z.enum(["on", "off"], { error: 'must be "on" or "off"' }).default("on"),
  FOYER_MEDIA_WORKERS: z.coerce.number().int().min(1).max(64).default(os.availableParallelism()),
  FOYER_RTC_LISTEN_IP: z.union([z.ipv4(), z.ipv6()], { error: "must be an IP address" }).default("127.0.0.1"),
  FOYER_RTC_ANNOUNCED_ADDRESS: z.string().min(1).max(253).optional(),
  FOYER_RTC_PORT: z.coerce.number().int().min(0).max(65000).default(0),
  FOYER_ENCOUNTER_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  FOYER_TURN_URLS: z
    .string()
    .regex(/^(turns?:[^\s,]+)(,turns?:[^\s,]+)*$/, "must be turn: or turns: URLs separated by commas, e.g. turn:turn.example.org:3478?transport=udp,turns:turn.example.org:443?transport=tcp")
    .optional(),
  FOYER_TURN_SECRET: z.string().min(16, "must be at least 16 characters (coturn's static-auth-secret)").max(200).optional(),
  FOYER_TURN_TTL: z.coerce.number().int().min(60).max(86_400).default(3600),
  FOYER_ICE_TRANSPORT_POLICY: z.enum(["all", "relay"], { error: 'must be "all" or "relay"' }).default("all"),
  FOYER_TEST_HOOKS: z.enum(["0", "1"], { error: 'must be "0" or "1"' }).default("0"),
  FOYER_LOG_FORMAT: z.enum(["pretty", "json"], { error: 'must be "pretty" or "json"' }).default("pretty"),
  FOYER_LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { error: "must be one of fatal, error, warn, info, debug, trace, silent" })
    .default("info"),
});

/** How the server logs (server/log.ts reads this when it is first imported, before loadConfig runs). */
export function loadLogConfig(env: NodeJS.ProcessEnv = process.env): { format: "pretty" | "json"; level: z.infer<typeof schema>["FOYER_LOG_LEVEL"] } {
  const parsed = schema.pick({ FOYER_LOG_FORMAT: true, FOYER_LOG_LEVEL: true }).safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  // An invalid value is reported by loadConfig (which stops the server); until then, the defaults.
  return parsed.success ? { format: parsed.data.FOYER_LOG_FORMAT, level: parsed.data.FOYER_LOG_LEVEL } : { format: "pretty", level: "info" };
}

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  publicUrl: string | undefined;
  venueName: string;
  clientDir: string;
  /** The host (by email) who owns the built-in venue and may edit its floors. */
  adminEmail: string | undefined;
  /**
   * The one-time proof for claiming the built-in venue (FOYER_SETUP_TOKEN, else a random
   * one printed at start while the venue has no owner).
   */
  setupToken: string | undefined;
  /** Redis for several Foyer processes (Colyseus presence + driver); undefined: this process alone. */
  redisUrl: string | undefined;
  /** host:port at which browsers reach this process (with Redis, rooms live on one process each). */
  publicAddress: string | undefined;
  /** Bearer token that may read /api/stats (besides signed-in hosts). */
  statsToken: string | undefined;
  /** Join requests one client address may have waiting to connect (seat reservations). */
  pendingJoinsPerClient: number;
  /** Sign-in and sign-up attempts per client address per minute (each costs a password hash). */
  signinsPerClient: number;
  /** Outgoing mail (invitations), or undefined: hosts copy the links instead. */
  smtp: { url: string; from: string } | undefined;
  /** Tiled map seeded as the default venue's main floor on first start. */
  defaultMap: string;
  rootDir: string;
  /** Audio/video (mediasoup), or null with FOYER_MEDIA=off. */
  media: MediaConfig | null;
  /** Test-only routes and plain RTP transports (FOYER_TEST_HOOKS=1). Never in production. */
  testHooks: boolean;
  /** How long two people talk before they are in each other's "people I met" (FOYER_ENCOUNTER_SECONDS). */
  encounterSeconds: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const rootDir = path.resolve(import.meta.dirname, "..");
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(rootDir, e.FOYER_DATA_DIR),
    publicUrl: e.FOYER_PUBLIC_URL,
    venueName: e.FOYER_VENUE_NAME,
    clientDir: path.resolve(rootDir, e.FOYER_CLIENT_DIR),
    defaultMap: path.resolve(rootDir, e.FOYER_DEFAULT_MAP),
    adminEmail: e.FOYER_ADMIN_EMAIL?.trim().toLowerCase(),
    setupToken: e.FOYER_SETUP_TOKEN,
    redisUrl: e.REDIS_URL,
    publicAddress: e.FOYER_PUBLIC_ADDRESS,
    statsToken: e.FOYER_STATS_TOKEN,
    pendingJoinsPerClient: e.FOYER_PENDING_JOINS_PER_CLIENT,
    signinsPerClient: e.FOYER_SIGNINS_PER_CLIENT,
    smtp: e.FOYER_SMTP_URL ? { url: e.FOYER_SMTP_URL, from: e.FOYER_MAIL_FROM } : undefined,
    rootDir,
    media:
      e.FOYER_MEDIA === "off"
        ? null
        : {
            workers: e.FOYER_MEDIA_WORKERS,
            listenIp: e.FOYER_RTC_LISTEN_IP,
            announcedAddress: e.FOYER_RTC_ANNOUNCED_ADDRESS,
            basePort: e.FOYER_RTC_PORT,
            allowPlainTransports: e.FOYER_TEST_HOOKS === "1",
            turn: e.FOYER_TURN_URLS && e.FOYER_TURN_SECRET ? { urls: e.FOYER_TURN_URLS.split(","), secret: e.FOYER_TURN_SECRET, ttlSeconds: e.FOYER_TURN_TTL } : undefined,
            iceTransportPolicy: e.FOYER_ICE_TRANSPORT_POLICY,
          },
    testHooks: e.FOYER_TEST_HOOKS === "1",
    encounterSeconds: e.FOYER_ENCOUNTER_SECONDS,
  };
}
