/**
 * Starts Foyer: database (embedded PGlite unless DATABASE_URL is set), the default venue,
 * HTTP and Colyseus on one port. Stops cleanly on SIGTERM/SIGINT: clients are told,
 * rooms close, the database closes.
 */
import { loadConfig, type Config } from "./config.ts";
import { startFoyer } from "./app.ts";
import { log } from "./log.ts";

// The last line of defence: a bug that escapes every handler is logged and the venue
// carries on, rather than every floor and the HTTP server ending with it. (Rooms catch
// their own throws in onUncaughtException; a supervisor restarts Foyer if it does stop:
// see README, "Running it for real".)
let running = false;
process.on("uncaughtException", (err, origin) => {
  log.error({ err, origin }, running ? "uncaught exception; Foyer carries on" : "uncaught exception while starting");
  if (!running) process.exit(1);
});
process.on("unhandledRejection", (reason) => {
  log.error({ err: reason }, "unhandled promise rejection; Foyer carries on");
});

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  log.fatal(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
const foyer = await startFoyer(config).catch((err: unknown) => {
  log.fatal(`Foyer could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

running = true;
log.info(`Foyer is running: ${foyer.url}`);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info(`Received ${signal}; shutting down…`);
    foyer
      .close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        log.error({ err }, "shutdown failed");
        process.exit(1);
      });
  });
}
