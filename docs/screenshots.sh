#!/usr/bin/env bash
# Makes docs/screenshots/*.png (the README's pictures) again from the browser tests. Needs Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
OMESIM_DOCS_SCREENSHOTS=1 dotnet test tests/OmeSim.BrowserTests -c Release --nologo -v q
ls -1 docs/screenshots/*.png
