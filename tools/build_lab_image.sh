#!/usr/bin/env bash
# Build the lab's base image from Debian's packages, once: no registry is reachable, so nothing
# is pulled. mmdebstrap makes a minimal Debian 12 root file system; docker import turns it into
# an image tagged with a hash of this script, so a changed recipe builds a new image.
set -euo pipefail
cd "$(dirname "$0")/.."
recipe_hash=$(sha256sum "$0" | cut -c1-12)
IMAGE=${REDISOPS_LAB_IMAGE:-redisops-lab/debian12:$recipe_hash}
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
    echo "$IMAGE"
    exit 0
fi
# What Ansible and the lab need in each container. The roles still declare the redis packages;
# here they are already installed, so the lab needs no package mirror at converge time.
# tini runs as PID 1 and reaps orphans: under a plain `sleep` a killed redis-server stays a
# zombie, and the init script then believes it still runs and never starts it again.
# prometheus-redis-exporter is for the exporter role (roles/redis_exporter).
PACKAGES=python3,python3-apt,python3-redis,redis-server,redis-sentinel,redis-tools,procps,iproute2,sudo,ca-certificates,openssl,tini,prometheus-redis-exporter
tarball=$(mktemp --suffix=.tar)
trap 'rm -f "$tarball"' EXIT
echo "building $IMAGE with mmdebstrap (Debian 12, minbase) ..." >&2
# Packaged services must not start inside the build.
# shellcheck disable=SC2016  # the hooks get $1 from mmdebstrap, not from this shell
mmdebstrap --variant=minbase --include="$PACKAGES" \
    --customize-hook='rm -f "$1"/etc/machine-id; touch "$1"/etc/machine-id' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/*' \
    bookworm "$tarball" >&2
docker import --change 'CMD ["/bin/sleep", "infinity"]' "$tarball" "$IMAGE" >&2
docker tag "$IMAGE" redisops-lab/debian12:latest
echo "$IMAGE"
