#!/usr/bin/env bash
# Build one lab's image from Debian's packages, once: no registry is reachable, so nothing is
# pulled. mmdebstrap makes a minimal root file system of the lab's Debian release with its engine;
# docker import turns it into an image tagged with a hash of this script and the lab's name, so a
# changed recipe builds a new image. Usage: build_lab_image.sh [LAB] (default: $LAB, else
# debian13-redis); prints the image's name.
#   debian12-redis   Debian 12, Redis 7.0          debian13-redis   Debian 13, Redis 8.0
#   debian12-valkey  Debian 12, Valkey 8.0 (bookworm-backports)   debian13-valkey  Debian 13, Valkey 8.1
set -euo pipefail
cd "$(dirname "$0")/.."
lab=${1:-${LAB:-debian13-redis}}
case "$lab" in
    debian12-redis | debian12-valkey) suite=bookworm ;;
    debian13-redis | debian13-valkey) suite=trixie ;;
    *) echo "unknown lab '$lab': debian12-redis, debian12-valkey, debian13-redis or debian13-valkey" >&2; exit 2 ;;
esac
engine=${lab#*-}
recipe_hash=$( (cat "$0"; echo "$lab") | sha256sum | cut -c1-12)
IMAGE=redisops-lab/$lab:$recipe_hash
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
    docker tag "$IMAGE" "redisops-lab/$lab:latest"
    echo "$IMAGE"
    exit 0
fi
# What Ansible and the lab need in each container. The roles still declare the engine's packages;
# here they are already installed, so the lab needs no package mirror at converge time.
# systemd is PID 1 in the labs, as on users' hosts; tini (PID 1 of the init-script lab) reaps
# orphans: under a plain `sleep` a killed server stays a zombie and its init script believes it
# still runs. prometheus-redis-exporter is for the exporter role (roles/redis_exporter).
PACKAGES=python3,python3-apt,python3-redis,procps,iproute2,sudo,ca-certificates,openssl,tini,prometheus-redis-exporter
PACKAGES+=,systemd,systemd-sysv,dbus
mirrors=()
# The mirror this machine's apt uses, for the release's main archive (and bookworm-backports).
# shellcheck disable=SC2016  # apt's own placeholders
mirror=$(apt-get indextargets --format '$(REPO_URI) $(CODENAME)' | awk '$2 == "bookworm" {print $1; exit}')
mirror=${mirror:-http://deb.debian.org/debian/}
case "$engine" in
    redis) PACKAGES+=,redis-server,redis-sentinel,redis-tools ;;
    valkey)
        PACKAGES+=,valkey-server,valkey-sentinel,valkey-tools
        if [ "$suite" = bookworm ]; then
            # Valkey 8.0 is only in bookworm-backports; apt prefers it there by this pin.
            mirrors=("deb $mirror bookworm main" "deb $mirror bookworm-backports main")
        fi ;;
esac
[ ${#mirrors[@]} -gt 0 ] || mirrors=("deb $mirror $suite main")
tarball=$(mktemp --suffix=.tar)
trap 'rm -f "$tarball"' EXIT
echo "building $IMAGE with mmdebstrap ($suite, minbase, $engine) ..." >&2
# Packaged services must not start inside the build. Packages from backports are chosen by pin.
# shellcheck disable=SC2016  # the hooks get $1 from mmdebstrap, not from this shell
mmdebstrap --variant=minbase --include="$PACKAGES" \
    --setup-hook='mkdir -p "$1"/etc/apt/preferences.d' \
    --setup-hook='printf "Package: valkey*\nPin: release n=bookworm-backports\nPin-Priority: 600\n" > "$1"/etc/apt/preferences.d/valkey-backports' \
    --customize-hook='rm -f "$1"/etc/machine-id; touch "$1"/etc/machine-id' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/*' \
    --customize-hook='ln -sf /dev/null "$1"/etc/systemd/system/tmp.mount' \
    --customize-hook='echo "'"$lab"'" > "$1"/etc/redisops-lab' \
    "$suite" "$tarball" "${mirrors[@]}" >&2
docker import --change 'CMD ["/sbin/init"]' "$tarball" "$IMAGE" >&2
docker tag "$IMAGE" "redisops-lab/$lab:latest"
echo "$IMAGE"
