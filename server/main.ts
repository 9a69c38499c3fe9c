/**
 * Starts Foyer: database (embedded PGlite unless DATABASE_URL is set), the default venue,
 * HTTP and Colyseus on one port. Stops cleanly on SIGTERM/SIGINT: clients are told,
 * rooms close, the database closes.
 */
import { loadConfig } from "./config.ts";
import { startFoyer } from "./app.ts";

const config = loadConfig();
const foyer = await startFoyer(config).catch((err: unknown) => {
  console.error(`Foyer could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

console.log(`Foyer is running: ${foyer.url}`);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`Received ${signal}; shutting down…`);
    foyer
      .close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        console.error("Shutdown failed:", err);
        process.exit(1);
      });
  });
}
