#!/usr/bin/env bash
# Everything `npm test` needs beyond npm packages: Debian's Chromium (browser tests),
# PostgreSQL (database tests against a real server), Redis (scale-out tests), and a
# built client.
# Installs missing Debian packages when run as root; otherwise says what to run.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
# Reactions and status are emoji: without a colour emoji font they draw as empty boxes.
fc-list 2>/dev/null | grep -qi "noto color emoji" || need+=(fonts-noto-color-emoji)
# Audio bots for the media tests: GStreamer sends Opus RTP; espeak-ng + sox make voices.
command -v gst-launch-1.0 >/dev/null 2>&1 || need+=(gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good)
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
command -v sox >/dev/null 2>&1 || need+=(sox)
# Scale-out tests run two Foyer processes on a real Redis.
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
# Media through a TURN relay is tested against Debian's coturn.
command -v turnserver >/dev/null 2>&1 || need+=(coturn)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "Installing Debian packages for the tests: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "The tests need these Debian packages: ${need[*]}" >&2
    echo "Install them with: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi

[ -d server/db/generated ] || node scripts/prisma-generate.mjs
node scripts/ensure-built.mjs
