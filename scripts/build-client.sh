#!/usr/bin/env bash
# Builds the client (vite build → dist/client) unless the build is newer than every input, so a warm
# `npm start` does not spend seconds rebuilding an unchanged client. `npm run build` always rebuilds.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=dist/client/index.html
if [ -f "$stamp" ] && [ -z "$(find client geo vite.config.ts tsconfig.json package-lock.json -newer "$stamp" -print -quit 2>/dev/null)" ]; then
  exit 0
fi
exec npx vite build --logLevel warn
