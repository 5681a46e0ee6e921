#!/usr/bin/env bash
# Stand-ins for the official .NET images, for machines that reach no container registry:
#   localhost/omesim-standin/dotnet-sdk:10.0     for mcr.microsoft.com/dotnet/sdk:10.0
#   localhost/omesim-standin/dotnet-aspnet:10.0  for mcr.microsoft.com/dotnet/aspnet:10.0
# Each is Debian (debootstrap minbase, from the mirror apt already uses) plus this machine's own .NET
# (runtime only in aspnet, all of it in sdk), user app (uid 1654) and APP_UID as the official images have.
# The sdk stand-in trusts this machine's CA bundle, so that `dotnet restore` reaches NuGet as the machine does.
# They live in podman's image store, labelled with the .NET they hold, and are remade when missing or stale.
# Usage: tests/containers/standins.sh [--force]     (as root; needs podman and debootstrap)
set -euo pipefail

SDK_IMAGE=localhost/omesim-standin/dotnet-sdk:10.0
ASPNET_IMAGE=localhost/omesim-standin/dotnet-aspnet:10.0
APP_UID=1654
PACKAGES=ca-certificates,libssl3,libicu72,tzdata
PATH_IN_IMAGE=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

say() { printf 'standins: %s\n' "$*" >&2; }

dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
runtime_version=$(dotnet --list-runtimes | sed -n 's/^Microsoft\.NETCore\.App \([^ ]*\) .*/\1/p' | sort -V | tail -n 1)
aspnet_version=$(dotnet --list-runtimes | sed -n 's/^Microsoft\.AspNetCore\.App \([^ ]*\) .*/\1/p' | sort -V | tail -n 1)
sdk_version=$(dotnet --list-sdks | sed -n 's/^\([^ ]*\) .*/\1/p' | sort -V | tail -n 1)
stamp="runtime $runtime_version aspnet $aspnet_version sdk $sdk_version"

current() { [ "$(podman image inspect --format '{{index .Labels "omesim.standin"}}' "$1" 2>/dev/null)" = "$stamp" ]; }

# The URI apt uses for this release's main suite (one-line sources.list or deb822 .sources).
mirror() {
  local codename files
  codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
  files=$(ls /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  # shellcheck disable=SC2086
  awk -v want="$codename" '
    /^[[:space:]]*deb[[:space:]]/ { n = 2; if ($2 ~ /^\[/) { while ($n !~ /\]$/) n++; n++ } if ($(n + 1) == want) { print $n; exit } }
    /^URIs:/ { uri = $2 } /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == want) found = 1 }
    /^[[:space:]]*$/ { if (found && uri != "") { print uri; exit } uri = ""; found = 0 }
    END { if (found && uri != "") print uri }' $files | head -n 1
}

if [ "${1:-}" != --force ] && current "$SDK_IMAGE" && current "$ASPNET_IMAGE"; then
  exit 0
fi

# One maker at a time on this machine.
exec 9>/var/lock/omesim-standins.lock
flock 9
if [ "${1:-}" != --force ] && current "$SDK_IMAGE" && current "$ASPNET_IMAGE"; then
  exit 0
fi

codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
url=$(mirror)
[ -n "$url" ] || { say "no Debian mirror for $codename in /etc/apt/sources.list*"; exit 1; }
work=$(mktemp -d /var/tmp/omesim-standin.XXXXXX)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
started=$SECONDS
say "debootstrap $codename from $url (minbase + $PACKAGES)"
debootstrap --variant=minbase --include="$PACKAGES" "$codename" "$rootfs" "$url" >"$work/debootstrap.log" 2>&1 \
  || { tail -n 20 "$work/debootstrap.log" >&2; say "debootstrap failed"; exit 1; }
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log
chroot "$rootfs" groupadd --system --gid "$APP_UID" app
chroot "$rootfs" useradd --no-log-init --system --uid "$APP_UID" --gid app --create-home app

import() { # NAME, then ENV lines
  local name=$1; shift
  local changes=(--change "LABEL omesim.standin=\"$stamp\"" --change "ENV PATH=$PATH_IN_IMAGE" --change "ENV APP_UID=$APP_UID"
    --change "ENV DOTNET_RUNNING_IN_CONTAINER=true" --change "ENV DOTNET_VERSION=$runtime_version" --change "ENV ASPNET_VERSION=$aspnet_version")
  for env in "$@"; do changes+=(--change "ENV $env"); done
  tar -C "$rootfs" -c . | podman import "${changes[@]}" --change 'CMD ["bash"]' - "$name" >/dev/null
}

mkdir -p "$rootfs/usr/share/dotnet/shared"
cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$dotnet_root/LICENSE.txt" "$dotnet_root/ThirdPartyNotices.txt" "$rootfs/usr/share/dotnet/"
cp -a "$dotnet_root/shared/Microsoft.NETCore.App" "$dotnet_root/shared/Microsoft.AspNetCore.App" "$rootfs/usr/share/dotnet/shared/"
ln -s /usr/share/dotnet/dotnet "$rootfs/usr/bin/dotnet"
import "$ASPNET_IMAGE" ASPNETCORE_HTTP_PORTS=8080

for part in "$dotnet_root"/*; do
  [ -e "$rootfs/usr/share/dotnet/$(basename "$part")" ] || cp -a "$part" "$rootfs/usr/share/dotnet/"
done
cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
import "$SDK_IMAGE" DOTNET_SDK_VERSION="$sdk_version" DOTNET_USE_POLLING_FILE_WATCHER=true NUGET_XMLDOC_MODE=skip
say "made $ASPNET_IMAGE and $SDK_IMAGE ($stamp) in $((SECONDS - started)) s"
