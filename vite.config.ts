import { defineConfig } from "vite";

// The client is served by the Foyer server from dist/client in production. In
// development (npm run dev) Vite serves it and forwards API, assets and the Colyseus
// endpoints to the server on FOYER_DEV_SERVER_PORT.
const serverPort = Number(process.env.FOYER_DEV_SERVER_PORT ?? 2567);
const target = `http://localhost:${serverPort}`;

export default defineConfig({
  root: "client",
  publicDir: false,
  build: {
    outDir: "../dist/client",
    emptyOutDir: true,
    // "assets" is where the server serves the project's art; keep bundles apart.
    assetsDir: "static",
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: { main: "client/index.html", editor: "client/editor.html", host: "client/host.html" },
    },
  },
  server: {
    port: Number(process.env.FOYER_DEV_CLIENT_PORT ?? 5173),
    proxy: {
      "/api": target,
      "/assets": target,
      "/healthz": target,
      "/matchmake": target,
      // Colyseus room sockets connect to /<processId>/<roomId>.
      "^/[A-Za-z0-9_-]{5,}/[A-Za-z0-9_-]{5,}": { target, ws: true },
    },
  },
});
