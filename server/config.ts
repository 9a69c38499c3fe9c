/**
 * Configuration from environment variables, validated once at start-up so a typo stops
 * the server with a message instead of surfacing later. README's "Configuration" table
 * lists the same variables.
 */
import path from "node:path";
import { z } from "zod";

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
});

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
  /** Tiled map seeded as the default venue's main floor on first start. */
  defaultMap: string;
  rootDir: string;
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
    rootDir,
  };
}
