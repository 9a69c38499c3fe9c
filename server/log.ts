/**
 * The server's one logger (pino): readable lines in a terminal by default, one JSON object
 * per line with FOYER_LOG_FORMAT=json, level from FOYER_LOG_LEVEL. Objects that log get a
 * child carrying their ids (a floor's venue/floor/room, a media peer's person), so every
 * line says whose it is. Never log secrets (tokens, passwords, cookies) through it.
 */
import { pino, type Logger } from "pino";
import pretty from "pino-pretty";
import { loadLogConfig } from "./config.ts";

export type { Logger };

export type LogBindings = Record<string, string | number | boolean>;

const settings = loadLogConfig();

/** The root logger; prefer a child (`childLog`) for anything that has an id. */
export const log: Logger = pino(
  { level: settings.level, base: undefined },
  settings.format === "json"
    ? pino.destination({ sync: true })
    : pretty({ sync: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname", singleLine: true }),
);

/** A logger whose every line carries these bindings (e.g. `{ venue, floor, room }`). */
export function childLog(bindings: LogBindings): Logger {
  return log.child(bindings);
}
