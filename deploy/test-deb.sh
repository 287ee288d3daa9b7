#!/usr/bin/env bash
# Installs, upgrades, downgrades, removes and purges the amd64 package in a scratch root, as CI can without touching
# the machine: dpkg --root with --force-script-chrootless runs the maintainer scripts here with DPKG_ROOT set, so
# the edgesearch user is made in the scratch root's /etc (dependencies are not checked: the root is empty).
# Checks: the programs run from the installed tree (--version, --help, a first boot that waits for its gallery and
# runs without GPIO); an upgrade keeps an edited configuration, the gallery, the evidence and the logs and removes
# files the new version no longer ships; the previous version installs back over it; remove keeps configuration and
# data; purge removes them and the user.
#   deploy/test-deb.sh [PUBLISH_DIR]    PUBLISH_DIR: linux-x64 apps as deploy/publish-arm64.sh lays out OUTDIR/ort
#                                       (RID=linux-x64 VARIANTS=ort); published into a temporary folder when absent.
# The two versions are packaged from the same build (the second is VERSION.1), so --version names the first.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
started=$(date +%s)
work="$(mktemp -d -t edgesearch-test-deb.XXXXXX)"
trap 'rm -rf "$work"' EXIT
version="$(sed -n 's|.*<Version>\(.*\)</Version>.*|\1|p' "$repo/Directory.Build.props")"
next="$version.1"
fail() { echo "test-deb: FAILED: $*" >&2; exit 1; }

publish="${1:-}"
if [ -z "$publish" ]; then
  RID=linux-x64 VARIANTS=ort bash "$here/publish-arm64.sh" "$work/publish" >/dev/null
  publish="$work/publish/ort"
fi
# The first version ships a file the second does not.
cp -a "$publish" "$work/old"
echo stale > "$work/old/edgesearchd/stale-file"
bash "$here/package-deb.sh" "$work/debs" --arch amd64 --from "$work/old" --version "$version" --compression none >/dev/null
bash "$here/package-deb.sh" "$work/debs" --arch amd64 --from "$publish" --version "$next" --compression none >/dev/null
old_deb="$work/debs/edgesearch_${version}_amd64.deb" new_deb="$work/debs/edgesearch_${next}_amd64.deb"
dpkg-deb -f "$new_deb" Depends | grep libgpiod2 >/dev/null || fail "the package does not depend on libgpiod2"
dpkg-deb -c "$new_deb" | grep ' ./etc/edgesearch/edgesearch.json$' >/dev/null || fail "no configuration in the package"

root="$work/root"
mkdir -p "$root/etc" "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
printf 'root:*:19000:0:99999:7:::\n' > "$root/etc/shadow"
printf 'root:x:0:\nvideo:x:44:\n' > "$root/etc/group"
printf 'root:*::\nvideo:!::\n' > "$root/etc/gshadow"
cp /etc/login.defs "$root/etc/login.defs"
# dpkg's warnings about the dependencies the empty root lacks go to a log, shown when a step fails.
dpkg_() {
  dpkg --root="$root" --force-script-chrootless --force-depends --force-confdef --force-confold --log=/dev/null "$@" \
    >>"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "dpkg $*"; }
}
installed() { dpkg-query --admindir="$root/var/lib/dpkg" -W -f '${Version}' edgesearch 2>/dev/null || true; }

echo "== install $version"
dpkg_ -i "$old_deb"
[ "$(installed)" = "$version" ] || fail "installed version is '$(installed)', not $version"
"$root/opt/edgesearch/edgesearchd/edgesearchd" --version | grep -x "edgesearchd $version.*" >/dev/null || fail "edgesearchd --version"
"$root/opt/edgesearch/edgesearch/edgesearch" enroll --help | grep '"good"' >/dev/null || fail "edgesearch enroll --help"
[ "$(readlink "$root/usr/bin/edgesearch")" = /opt/edgesearch/edgesearch/edgesearch ] || fail "no /usr/bin/edgesearch"
uid="$(awk -F: '$1 == "edgesearch" { print $3 }' "$root/etc/passwd")"
[ -n "$uid" ] || fail "no edgesearch user"
grep -q '^video:.*edgesearch' "$root/etc/group" || fail "edgesearch is not in the video group"
[ "$(stat -c %u "$root/var/lib/edgesearch")" = "$uid" ] || fail "/var/lib/edgesearch is not the daemon's"
cmp -s "$root/var/lib/edgesearch/model.onnx" "$repo/models/parts.onnx" || fail "no default model in /var/lib/edgesearch"
[ "$(stat -c %a "$root/etc/edgesearch/edgesearch.json")" = 640 ] || fail "the configuration is readable by everyone"
if command -v systemctl >/dev/null; then
  [ -L "$root/etc/systemd/system/multi-user.target.wants/edgesearch.service" ] || fail "the unit is not enabled"
fi

echo "== first boot from the installed tree"
state="$root/var/lib/edgesearch"
first_boot="$(timeout 20 "$root/opt/edgesearch/edgesearchd/edgesearchd" --config "$root/etc/edgesearch/edgesearch.json" \
  --Model "$state/model.onnx" --Gallery "$state/gallery.db" --DecisionLog:Path "$work/decisions.jsonl" \
  --Evidence:Directory "$work/evidence" 2>&1 || true)"
grep -q "Waiting: no gallery at $state/gallery.db" <<< "$first_boot" || fail "first boot did not wait for its gallery: $first_boot"
grep -q "Running without GPIO outputs" <<< "$first_boot" || command -v gpiodetect >/dev/null || fail "no line about GPIO: $first_boot"
! grep -q "   at " <<< "$first_boot" || fail "a stack trace at first boot: $first_boot"

echo "== upgrade to $next"
sed -i 's/"Fps": 10,/"Fps": 5,/' "$root/etc/edgesearch/edgesearch.json"
echo gallery > "$state/gallery.db"
mkdir -p "$state/evidence" && echo png > "$state/evidence/0001.png"
echo '{}' > "$root/var/log/edgesearch/decisions.jsonl"
dpkg_ -i "$new_deb"
[ "$(installed)" = "$next" ] || fail "upgrade left version '$(installed)'"
grep -q '"Fps": 5,' "$root/etc/edgesearch/edgesearch.json" || fail "the upgrade lost the edited configuration"
[ -e "$state/gallery.db" ] && [ -e "$state/evidence/0001.png" ] && [ -e "$root/var/log/edgesearch/decisions.jsonl" ] \
  || fail "the upgrade lost the gallery, the evidence or the log"
[ ! -e "$root/opt/edgesearch/edgesearchd/stale-file" ] || fail "the upgrade left a file the new version does not ship"

echo "== back to $version"
dpkg_ -i "$old_deb"
[ "$(installed)" = "$version" ] || fail "downgrade left version '$(installed)'"
[ -e "$state/gallery.db" ] || fail "the downgrade lost the gallery"

echo "== remove"
dpkg_ -r edgesearch
[ ! -e "$root/opt/edgesearch/edgesearchd" ] && [ ! -L "$root/usr/bin/edgesearch" ] || fail "remove left the programs"
[ -e "$root/etc/edgesearch/edgesearch.json" ] && [ -e "$state/gallery.db" ] && [ -e "$state/model.onnx" ] \
  || fail "remove took the configuration or the data"
grep -q '^edgesearch:' "$root/etc/passwd" || fail "remove took the user"

echo "== purge"
dpkg_ -P edgesearch
[ ! -e "$root/etc/edgesearch" ] && [ ! -e "$state" ] && [ ! -e "$root/var/log/edgesearch" ] || fail "purge left configuration or data"
! grep -q '^edgesearch:' "$root/etc/passwd" "$root/etc/group" || fail "purge left the user or group"
[ ! -e "$root/etc/systemd/system/multi-user.target.wants/edgesearch.service" ] || fail "purge left the unit enabled"
echo "test-deb: passed in $(( $(date +%s) - started )) s"
