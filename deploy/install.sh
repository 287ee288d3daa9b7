#!/usr/bin/env bash
# Installs edgesearchd as a systemd service: the `edgesearch` system user, /opt/edgesearch (binaries),
# /etc/edgesearch (config, kept if present), /var/lib/edgesearch (model, gallery, evidence), /var/log/edgesearch,
# and the unit, enabled and started. Safe to run again (upgrades the binaries and unit).
#   sudo deploy/install.sh [PUBLISH_DIR]     PUBLISH_DIR holds edgesearchd (default: ./artifacts/arm64/ort/edgesearchd,
#                                            as deploy/publish-arm64.sh lays it out)
#   sudo deploy/install.sh --uninstall       stops and removes the service and binaries; keeps config and data
#   deploy/install.sh --root DIR [...]       lays the files out under DIR instead (an image, or a test): no users
#                                            or ownership, and the unit is enabled offline, not started
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root=""
if [ "${1:-}" = "--root" ]; then
  [ -n "${2:-}" ] || { echo "install.sh: --root needs a folder" >&2; exit 1; }
  root="$(mkdir -p "$2" && cd "$2" && pwd)"
  shift 2
fi
prefix="$root/opt/edgesearch" unit="$root/etc/systemd/system/edgesearch.service"
[ -n "$root" ] || [ "$(id -u)" -eq 0 ] || { echo "install.sh: run as root" >&2; exit 1; }
systemctl_() { if [ -n "$root" ]; then systemctl --root="$root" "$@"; else systemctl "$@"; fi; }
# Ownership only on a live system: under --root the edgesearch user does not exist.
owned() { [ -n "$root" ] || echo "-o edgesearch -g edgesearch"; }

if [ "${1:-}" = "--uninstall" ]; then
  if [ -n "$root" ]; then systemctl_ disable edgesearch.service 2>/dev/null || true
  else systemctl disable --now edgesearch.service 2>/dev/null || true; fi
  rm -f "$unit"
  [ -n "$root" ] || systemctl daemon-reload
  rm -rf "$prefix"
  echo "edgesearchd removed; /etc/edgesearch, /var/lib/edgesearch, /var/log/edgesearch and the edgesearch user are kept."
  exit 0
fi

publish="${1:-$here/../artifacts/arm64/ort/edgesearchd}"
[ -x "$publish/edgesearchd" ] || { echo "install.sh: no edgesearchd in '$publish' (run deploy/publish-arm64.sh first)" >&2; exit 1; }

if [ -z "$root" ]; then
  getent group edgesearch >/dev/null || groupadd --system edgesearch
  id -u edgesearch >/dev/null 2>&1 || useradd --system --gid edgesearch --home-dir /var/lib/edgesearch --no-create-home \
    --shell /usr/sbin/nologin --comment "EdgeSearch daemon" edgesearch
  for group in video gpio; do
    if getent group "$group" >/dev/null; then usermod -a -G "$group" edgesearch; fi
  done
fi

install -d -m 0755 "$prefix"
cp -a "$publish/." "$prefix/"
[ -n "$root" ] || chown -R root:root "$prefix"
install -d -m 0755 "$root/etc/edgesearch"
if [ ! -e "$root/etc/edgesearch/edgesearch.json" ]; then
  # shellcheck disable=SC2046 # no group under --root
  install -m 0640 $([ -n "$root" ] || echo "-g edgesearch") "$here/edgesearch.json" "$root/etc/edgesearch/edgesearch.json"
fi
# shellcheck disable=SC2046
install -d -m 0750 $(owned) "$root/var/lib/edgesearch" "$root/var/log/edgesearch"

install -d -m 0755 "$(dirname "$unit")"
install -m 0644 "$here/edgesearch.service" "$unit"
if [ -n "$root" ]; then
  systemctl_ enable edgesearch.service
  echo "edgesearchd laid out under $root (enabled, not started)."
else
  systemctl daemon-reload
  systemctl enable edgesearch.service
  systemctl restart edgesearch.service
  echo "edgesearchd installed; edit /etc/edgesearch/edgesearch.json, then: systemctl reload edgesearch (gallery) or restart."
fi
