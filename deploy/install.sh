#!/usr/bin/env bash
# Installs edgesearchd as a systemd service: the `edgesearch` system user, /opt/edgesearch (binaries),
# /etc/edgesearch (config, kept if present), /var/lib/edgesearch (model, gallery, evidence), /var/log/edgesearch,
# and the unit, enabled and started. Safe to run again (upgrades the binaries and unit).
#   sudo deploy/install.sh [PUBLISH_DIR]     PUBLISH_DIR holds edgesearchd (default: ./publish)
#   sudo deploy/install.sh --uninstall       stops and removes the service and binaries; keeps config and data
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
prefix=/opt/edgesearch unit=/etc/systemd/system/edgesearch.service
[ "$(id -u)" -eq 0 ] || { echo "install.sh: run as root" >&2; exit 1; }

if [ "${1:-}" = "--uninstall" ]; then
  systemctl disable --now edgesearch.service 2>/dev/null || true
  rm -f "$unit"
  systemctl daemon-reload
  rm -rf "$prefix"
  echo "edgesearchd removed; /etc/edgesearch, /var/lib/edgesearch, /var/log/edgesearch and the edgesearch user are kept."
  exit 0
fi

publish="${1:-$here/../publish}"
[ -x "$publish/edgesearchd" ] || { echo "install.sh: no edgesearchd in '$publish' (publish it first)" >&2; exit 1; }

getent group edgesearch >/dev/null || groupadd --system edgesearch
id -u edgesearch >/dev/null 2>&1 || useradd --system --gid edgesearch --home-dir /var/lib/edgesearch --no-create-home \
  --shell /usr/sbin/nologin --comment "EdgeSearch daemon" edgesearch
for group in video gpio; do
  getent group "$group" >/dev/null && usermod -a -G "$group" edgesearch
done

install -d -m 0755 "$prefix"
cp -a "$publish/." "$prefix/"
chown -R root:root "$prefix"
install -d -m 0755 /etc/edgesearch
[ -e /etc/edgesearch/edgesearch.json ] || install -m 0640 -g edgesearch "$here/edgesearch.json" /etc/edgesearch/edgesearch.json
install -d -m 0750 -o edgesearch -g edgesearch /var/lib/edgesearch /var/log/edgesearch

install -m 0644 "$here/edgesearch.service" "$unit"
systemctl daemon-reload
systemctl enable edgesearch.service
systemctl restart edgesearch.service
echo "edgesearchd installed; edit /etc/edgesearch/edgesearch.json, then: systemctl reload edgesearch (gallery) or restart."
