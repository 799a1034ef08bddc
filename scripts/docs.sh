#!/usr/bin/env bash
# Builds the DocC catalogs of the library targets (Spectra, FIM, Stripe) into docs/api/<Target>/, as static
# HTML that any web server shows (`python3 -m http.server -d docs/api`, then open /FIM/documentation/fim/).
# Needs the toolchain's `docc` (shipped with Swift 6) and the swift-docc-plugin package named in Package.swift.
#   scripts/docs.sh              every library target
#   scripts/docs.sh FIM          one target
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-system.sh
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(Spectra FIM Stripe)
fi
mkdir -p docs/api
for t in "${targets[@]}"; do
  echo "docs: building the $t catalog" >&2
  swift package --allow-writing-to-directory "docs/api/$t" generate-documentation \
    --target "$t" --disable-indexing --transform-for-static-hosting \
    --hosting-base-path "$t" --output-path "docs/api/$t" --warnings-as-errors
done
echo "docs: wrote docs/api/{$(IFS=,; echo "${targets[*]}")}" >&2
