#!/usr/bin/env bash
# Makes sure the system packages GridOps needs are installed: PostgreSQL with PostGIS and pgRouting
# (the embedded database), Chromium (end-to-end tests), METIS (gpmetis) and osmium (dataset tools), and a
# CJK font for the Chinese UI in screenshots. Run by `npm start` and `npm test`.
# - everything present: returns at once;
# - something missing, root on Debian/Ubuntu: installs only what is missing with apt-get;
# - otherwise: one line naming the packages to install, exit 1.
set -euo pipefail

# the PostgreSQL version to use: the highest installed, else 15
pg_major=15
for d in /usr/lib/postgresql/*/bin; do
  [ -x "$d/initdb" ] || continue
  v=$(basename "$(dirname "$d")")
  if [[ "$v" =~ ^[0-9]+$ ]] && [ "$v" -ge "$pg_major" ]; then pg_major=$v; fi
done
if [ ! -x "/usr/lib/postgresql/$pg_major/bin/initdb" ] && command -v initdb >/dev/null 2>&1 && command -v pg_config >/dev/null 2>&1; then
  # a PostgreSQL on PATH (not Debian's layout)
  pg_major=$(pg_config --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')
  share=$(pg_config --sharedir)
else
  share=/usr/share/postgresql/$pg_major
fi

missing=()
if [ ! -x "/usr/lib/postgresql/$pg_major/bin/initdb" ] && ! command -v initdb >/dev/null 2>&1; then
  missing+=("postgresql-$pg_major")
fi
[ -f "$share/extension/postgis.control" ] || missing+=("postgresql-$pg_major-postgis-3")
[ -f "$share/extension/pgrouting.control" ] || missing+=("postgresql-$pg_major-pgrouting")
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
command -v gpmetis >/dev/null 2>&1 || missing+=(metis)
command -v osmium >/dev/null 2>&1 || missing+=(osmium-tool)
if ! { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ]; } \
  && [ ! -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then
  missing+=(fonts-wqy-microhei)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing missing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  echo "Installed: ${missing[*]}"
  exit 0
fi

echo "GridOps needs these system packages: ${missing[*]} — install them (Debian/Ubuntu: sudo apt-get install -y ${missing[*]}) and run again." >&2
exit 1
