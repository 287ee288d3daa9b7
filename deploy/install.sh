#!/usr/bin/env bash
# Installs edgesearch from published apps the way the Debian package does, because it is the package: it builds
# the .deb (deploy/package-deb.sh --from) and installs it with dpkg. A hand install and a package install are then the
# same files, user and unit, and an upgrade, a way back (installing the previous .deb) and removal go through dpkg.
#   sudo deploy/install.sh [PUBLISH_DIR]    PUBLISH_DIR holds edgesearchd/ and edgesearch/ (default:
#                                           ./artifacts/arm64/ort, as deploy/publish-arm64.sh lays it out)
#   sudo deploy/install.sh --uninstall      dpkg --remove: keeps the configuration and the data (dpkg --purge edgesearch
#                                           removes them, and the edgesearch user)
#   deploy/install.sh --root DIR [...]      installs into the system image at DIR (its /etc/passwd and dpkg database):
#                                           maintainer scripts run here with DPKG_ROOT=DIR, and nothing is started
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root_opts=()
if [ "${1:-}" = "--root" ]; then
  [ -n "${2:-}" ] && [ -f "$2/etc/passwd" ] && [ -d "$2/var/lib/dpkg" ] \
    || { echo "install.sh: --root needs a system image (with etc/passwd and var/lib/dpkg), not '${2:-}'" >&2; exit 1; }
  root_opts=(--root="$(cd "$2" && pwd)" --force-script-chrootless)
  shift 2
fi
[ "${#root_opts[@]}" -gt 0 ] || [ "$(id -u)" -eq 0 ] || { echo "install.sh: run as root" >&2; exit 1; }

if [ "${1:-}" = "--uninstall" ]; then
  dpkg "${root_opts[@]}" --remove edgesearch
  echo "edgesearch removed; /etc/edgesearch, /var/lib/edgesearch, /var/log/edgesearch and the edgesearch user are kept (dpkg --purge edgesearch removes them)."
  exit 0
fi

publish="${1:-$here/../artifacts/arm64/ort}"
[ -x "$publish/edgesearchd/edgesearchd" ] || { echo "install.sh: no edgesearchd/edgesearchd in '$publish' (run deploy/publish-arm64.sh first)" >&2; exit 1; }
# The ELF header's machine field says which architecture the apps were published for.
case "$(od -An -tu2 -j18 -N2 "$publish/edgesearchd/edgesearchd" | tr -d ' ')" in
  183) arch=arm64 ;;
  62) arch=amd64 ;;
  *) echo "install.sh: '$publish/edgesearchd/edgesearchd' is neither arm64 nor x64" >&2; exit 1 ;;
esac
debs="$(mktemp -d -t edgesearch-install.XXXXXX)"
trap 'rm -rf "$debs"' EXIT
bash "$here/package-deb.sh" "$debs" --arch "$arch" --from "$publish"
dpkg "${root_opts[@]}" --install "$debs"/edgesearch_*_"$arch".deb
