#!/usr/bin/env bash
# A Debian bookworm base image built without any registry: debootstrap from the Debian mirror,
# then `docker import`. Only for machines that cannot pull `debian:bookworm-slim` (the default
# base of docker/Dockerfile); readers with Docker Hub never need it.
#
#   docker/build-base.sh [image-name]       (default kafkalab/debian:bookworm; needs root,
#                                            debootstrap and a Docker engine)
# The rootfs tarball is cached in $KAFKALAB_CACHE (default ~/.cache/kafkalab): a second run
# only imports it.
set -euo pipefail
image="${1:-kafkalab/debian:bookworm}"
cache="${KAFKALAB_CACHE:-$HOME/.cache/kafkalab}"
tarball="$cache/rootfs-bookworm-minbase.tar"

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "base image $image: present"
  exit 0
fi

# The Debian mirror apt already uses (deb822 .sources first, then one-line sources.list).
mirror="${DEBIAN_MIRROR:-}"
if [ -z "$mirror" ]; then
  mirror=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}')
fi
if [ -z "$mirror" ]; then
  mirror=$(awk '/^deb / && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
fi
mirror="${mirror:-http://deb.debian.org/debian}"

if [ ! -s "$tarball" ]; then
  command -v debootstrap >/dev/null || { echo "debootstrap is needed: apt-get install debootstrap" >&2; exit 1; }
  mkdir -p "$cache"
  rootfs=$(mktemp -d /tmp/kafkalab-rootfs.XXXXXX)
  trap 'rm -rf "$rootfs"' EXIT
  echo "== debootstrap --variant=minbase bookworm from $mirror"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$cache/debootstrap.log" 2>&1 \
    || { tail -20 "$cache/debootstrap.log" >&2; exit 1; }
  # apt inside the image uses the same mirror
  echo "deb $mirror bookworm main" >"$rootfs/etc/apt/sources.list"
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
fi
echo "== docker import $tarball -> $image"
docker import "$tarball" "$image" >/dev/null
echo "base image $image: imported"
