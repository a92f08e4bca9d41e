#!/usr/bin/env bash
# Docker Compose v2 as a CLI plugin, from the Debian mirror only (no registry, no GitHub):
# Debian 12 ships only docker-compose v1, so this fetches Debian 13 (trixie)'s docker-compose
# 2.x .deb with `apt-get download`, using a trixie source that only this download sees (the
# system's apt sources are left untouched), and unpacks its binary into
# /usr/local/lib/docker/cli-plugins/. The binary needs only libc6 >= 2.34 (bookworm: 2.36).
set -euo pipefail
plugin_dir=/usr/local/lib/docker/cli-plugins
if docker compose version >/dev/null 2>&1; then
  docker compose version
  exit 0
fi
mirror="${DEBIAN_MIRROR:-$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null \
  | awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}')}"
mirror="${mirror:-http://deb.debian.org/debian}"
cache="${KAFKALAB_CACHE:-$HOME/.cache/kafkalab}"
mkdir -p "$cache"
deb=$(ls "$cache"/docker-compose_2*.deb 2>/dev/null | head -1 || true)
if [ -z "$deb" ]; then
  work=$(mktemp -d /tmp/kafkalab-compose.XXXXXX)
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/sources.d" "$work/lists/partial" "$work/cache/archives/partial"
  cat >"$work/sources.d/trixie.sources" <<SOURCES
Types: deb
URIs: $mirror
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  apt_opts=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$work/sources.d"
    -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o "APT::Get::List-Cleanup=0" -o "APT::Sandbox::User=root")
  echo "== apt-get download docker-compose (Debian trixie, from $mirror)"
  apt-get "${apt_opts[@]}" update -qq
  (cd "$cache" && apt-get "${apt_opts[@]}" download docker-compose >/dev/null)
  deb=$(ls "$cache"/docker-compose_2*.deb | head -1)
fi
unpack=$(mktemp -d /tmp/kafkalab-compose-deb.XXXXXX)
dpkg-deb -x "$deb" "$unpack"
bin=$(find "$unpack" -type f -name docker-compose -perm -u+x | head -1)
mkdir -p "$plugin_dir"
install -m 0755 "$bin" "$plugin_dir/docker-compose"
rm -rf "$unpack"
docker compose version
