import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { defineConfig, type Plugin } from "vite";

/**
 * Writes a Brotli (.br) and a gzip (.gz) copy beside every script, style and page of the
 * build, once, at the highest levels; the server sends the one the browser accepts
 * (express-static-gzip), so nothing is compressed per request.
 */
function precompress(): Plugin {
  let outDir = "";
  return {
    name: "foyer-precompress",
    apply: "build",
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json)$/.test(file)) continue;
        const data = fs.readFileSync(file);
        if (data.length < 1024) continue;
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
      }
    },
  };
}

// The client is served by the Foyer server from dist/client in production. In
// development (npm run dev) Vite serves it and forwards API, assets and the Colyseus
// endpoints to the server on FOYER_DEV_SERVER_PORT.
const serverPort = Number(process.env.FOYER_DEV_SERVER_PORT ?? 2567);
const target = `http://localhost:${serverPort}`;

export default defineConfig({
  root: "client",
  publicDir: false,
  plugins: [precompress()],
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
