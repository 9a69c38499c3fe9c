# Foyer in a container: one process, HTTP/WebSocket on PORT, WebRTC on FOYER_RTC_PORT(+i).
# With no DATABASE_URL it keeps its embedded PGlite database in /data (mount a volume).
FROM node:20-bookworm AS build
# node:20 ships npm 10, which ignores package.json's allowScripts (see README).
RUN npm install -g npm@11.19.1
WORKDIR /app
COPY package.json package-lock.json ./
# Only what npm ci's postinstall needs, so editing other scripts keeps this layer cached.
COPY scripts/mediasoup ./scripts/mediasoup
COPY scripts/prisma-generate.mjs ./scripts/
COPY prisma ./prisma
COPY prisma.config.ts ./
# postinstall generates the Prisma client and builds the mediasoup worker from Debian
# packages (the build runs as root here, so it can apt-get its tools).
RUN npm ci --no-audit --no-fund \
 && mkdir -p /app/bin \
 && cp "$(bash scripts/mediasoup/build-worker.sh)" /app/bin/mediasoup-worker
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
# Two media workers on ports 40000 and 40001 (what EXPOSE opens); raise both together.
ENV NODE_ENV=production PORT=8080 HOST=0.0.0.0 FOYER_DATA_DIR=/data \
    MEDIASOUP_WORKER_BIN=/app/bin/mediasoup-worker \
    FOYER_RTC_LISTEN_IP=0.0.0.0 FOYER_RTC_PORT=40000 FOYER_MEDIA_WORKERS=2
WORKDIR /app
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8080 40000/udp 40000/tcp 40001/udp 40001/tcp
VOLUME ["/data"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--import", "tsx", "server/main.ts"]
