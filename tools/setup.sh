#!/usr/bin/env bash
# Prepare a fresh machine for the collection's checks and lab. Idempotent: each step is
# skipped when its result is already there. Run through `make setup`.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
VENV=.venv
ANSIBLE_BUNDLE_VERSION=12.3.0   # the PyPI 'ansible' release whose bundled collections we use
# The other ansible-core releases make test runs (.venv holds 2.19, requirements/controller.txt).
CORE_MATRIX=${CORE_MATRIX:-2.16.19 2.18.19 2.20.10}
APT_PACKAGES=(redis-server redis-sentinel redis-tools python3-redis mmdebstrap shellcheck ruby-redis libredis-perl)
VALKEY_PACKAGES=(valkey-server valkey-sentinel valkey-tools)

log() { printf '\n==> %s\n' "$*"; }

# 1. Debian packages: real redis-server/redis-sentinel (and Valkey's, for the integration suite's
#    second run) for the integration tests, Debian's python3-redis (4.3) to prove the modules on
#    what the nodes run, mmdebstrap for the lab image, the Ruby and Perl Sentinel clients.
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
missing_packages() {
    local pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || printf '%s\n' "$pkg"
    done
}
apt_install() {  # apt_install [-t release] package...
    # Keep the packaged services from starting: tests start their own processes.
    local policy_added=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
        $SUDO chmod 755 /usr/sbin/policy-rc.d
        policy_added=1
    fi
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "$@"
    [ -z "$policy_added" ] || $SUDO rm -f /usr/sbin/policy-rc.d
}
mapfile -t missing < <(missing_packages "${APT_PACKAGES[@]}")
if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    apt_install "${missing[@]}"
fi
# Valkey 8.0 comes from bookworm-backports on Debian 12 (Debian 13 has 8.1 in main).
mapfile -t missing < <(missing_packages "${VALKEY_PACKAGES[@]}")
if [ ${#missing[@]} -gt 0 ]; then
    release=()
    # shellcheck disable=SC1091
    if [ "$(. /etc/os-release && echo "${VERSION_CODENAME:-}")" = bookworm ]; then
        if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
            # The same mirror this machine already uses for bookworm.
            # shellcheck disable=SC2016  # apt's own placeholders
            mirror=$(apt-get indextargets --format '$(REPO_URI) $(CODENAME)' | awk '$2 == "bookworm" {print $1; exit}')
            [ -n "$mirror" ] || { echo "no bookworm mirror in this machine's apt sources" >&2; exit 1; }
            log "enabling bookworm-backports from $mirror (for Valkey 8.0)"
            printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
                "$mirror" | $SUDO tee /etc/apt/sources.list.d/redisops-bookworm-backports.sources >/dev/null
        fi
        release=(-t bookworm-backports)
    fi
    log "installing Valkey: ${missing[*]}"
    apt_install "${release[@]}" "${missing[@]}"
fi

# 2. The controller's virtual environment, pinned.
stamp="$VENV/.requirements.sha256"
want=$(sha256sum requirements/controller.txt | cut -d' ' -f1)
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "creating $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check --upgrade "pip==25.3"
    "$VENV/bin/pip" install -q --disable-pip-version-check -r requirements/controller.txt
    echo "$want" > "$stamp"
fi

# 2b. promtool (checks the alert rules) from Debian's prometheus package, extracted into the
#     venv: installing the package would also enable a Prometheus server on this machine.
if [ ! -x "$VENV/bin/promtool" ]; then
    log "extracting promtool from Debian's prometheus package"
    workdir=$(mktemp -d)
    if ! (cd "$workdir" && apt-get download -q prometheus >/dev/null 2>&1); then
        SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
        $SUDO apt-get update -q
        (cd "$workdir" && apt-get download -q prometheus)
    fi
    dpkg-deb -x "$workdir"/prometheus_*.deb "$workdir/root"
    install -m 0755 "$workdir/root/usr/bin/promtool" "$VENV/bin/promtool"
    rm -rf "$workdir"
fi

# 3. community.docker and ansible.posix without Galaxy: take them from the PyPI 'ansible'
#    bundle (only those two, not its 550 MB), into .collections next to this collection.
COLL=.collections/ansible_collections
if [ ! -f "$COLL/community/docker/MANIFEST.json" ] || [ ! -f "$COLL/ansible/posix/MANIFEST.json" ]; then
    log "extracting community.docker and ansible.posix from ansible==$ANSIBLE_BUNDLE_VERSION"
    mkdir -p .cache/wheels
    "$VENV/bin/pip" download -q --disable-pip-version-check --no-deps \
        -d .cache/wheels "ansible==$ANSIBLE_BUNDLE_VERSION"
    rm -rf "$COLL/community/docker" "$COLL/ansible/posix"
    mkdir -p "$COLL"
    "$VENV/bin/python" - "$COLL" .cache/wheels/ansible-"$ANSIBLE_BUNDLE_VERSION"-*.whl <<'PY'
import sys, zipfile
dest, wheel = sys.argv[1], sys.argv[2]
wanted = ('ansible_collections/community/docker/', 'ansible_collections/ansible/posix/')
with zipfile.ZipFile(wheel) as archive:
    for name in archive.namelist():
        if name.startswith(wanted):
            archive.extract(name, dest.rsplit('/ansible_collections', 1)[0])
PY
fi

# 4. This collection, visible to ansible from the checkout (ansible.cfg points at .collections).
mkdir -p "$COLL/redisops"
if [ "$(readlink "$COLL/redisops/ha" 2>/dev/null)" != "$ROOT" ]; then
    ln -sfn "$ROOT" "$COLL/redisops/ha"
fi

# 5. The ansible-core matrix: each version in its own venv beside .venv (2.19), with what the unit
#    and integration tests need (requirements/matrix.txt). 2.20 needs Python 3.12 or newer: the
#    first python3.12/3.13 on PATH or under pyenv's root.
find_python() {  # find_python 3.12 3.13 -> the first interpreter found
    local version candidate
    for version in "$@"; do
        # pyenv's own versions first: its shim on PATH fails for a version not selected.
        for candidate in "$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"/versions/"$version"*/bin/python"$version" \
                "$(command -v "python$version" || true)"; do
            [ -n "$candidate" ] && "$candidate" -c '' 2>/dev/null && { echo "$candidate"; return 0; }
        done
    done
    return 1
}
for pin in $CORE_MATRIX; do
    venv=.venvs/ansible-core-${pin%.*}
    stamp="$venv/.requirements.sha256"
    want=$( (echo "$pin"; cat requirements/matrix.txt) | sha256sum | cut -d' ' -f1)
    [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && continue
    case $pin in
        2.16.*|2.17.*|2.18.*|2.19.*) python=python3 ;;
        *) python=$(find_python 3.12 3.13) || { echo "ansible-core $pin needs Python 3.12 or newer: none found" >&2; exit 1; } ;;
    esac
    log "creating $venv (ansible-core $pin on $($python --version))"
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "ansible-core==$pin" -r requirements/matrix.txt
    echo "$want" > "$stamp"
done

# 6. ansible-test sanity fetches a pip bootstrap script on first use; no network for that here.
#    It looks in its cache first, so leave a stand-in there that uses ensurepip + the index we
#    reach: one per ansible-test release's pip version.
pip_bootstrap() {  # pip_bootstrap VENV
    local pip_version cache
    pip_version=$("$1/bin/python" - <<'PY'
import re, ansible_test, pathlib
src = (pathlib.Path(ansible_test.__file__).parent / '_internal' / 'python_requirements.py').read_text()
match = re.search(r"pip='([0-9.]+)'", src)
print(match.group(1) if match else '')
PY
)
    [ -n "$pip_version" ] || return 0
    cache="$HOME/.ansible/test/cache/get_pip_${pip_version//./_}.py"
    [ -f "$cache" ] && return 0
    log "installing ansible-test's offline pip bootstrap ($cache)"
    mkdir -p "$(dirname "$cache")"
    cat > "$cache" <<'PY'
"""Stand-in for get-pip.py: ansible-test runs it to put pip into its virtual environments."""
import subprocess
import sys

# get-pip.py's own flags mean nothing to 'pip install'.
args = [a for a in sys.argv[1:] if a not in ('--no-setuptools', '--no-wheel')]
subprocess.check_call([sys.executable, '-m', 'ensurepip', '--upgrade'])
subprocess.check_call([sys.executable, '-m', 'pip', 'install', '--disable-pip-version-check'] + args)
PY
}
pip_bootstrap "$VENV"
for pin in $CORE_MATRIX; do pip_bootstrap ".venvs/ansible-core-${pin%.*}"; done

log "setup complete"
