#!/usr/bin/env bash
# The typed client, from the document the gateway serves (README "Typed client").
#   clients/regenerate.sh              write clients/openapi/v1.json from the running system (the
#                                      end-to-end fixture starts it on databases of its own), then
#                                      regenerate clients/Kechuang.Client/Generated with Kiota
#   clients/regenerate.sh client DIR   only the Kiota step, into DIR (the end-to-end drift test
#                                      compares its output with Generated/)
# Needs the servers `./kechuang infra up` runs, as the tests do.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export KIOTA_OFFLINE_ENABLED=true KIOTA_TUTORIAL_ENABLED=false KIOTA_CLI_TELEMETRY_OPTOUT=true

generate() {
  dotnet tool restore >/dev/null
  dotnet kiota generate --language CSharp --class-name KechuangClient --namespace-name Kechuang.Client \
    --openapi clients/openapi/v1.json --output "$1" --exclude-backward-compatible --clean-output \
    --log-level Warning
}

case "${1:-all}" in
  client) [ $# -eq 2 ] || { echo "usage: clients/regenerate.sh client DIR" >&2; exit 2; }
    generate "$2" ;;
  all)
    eval "$(./kechuang env)"
    dotnet build tests/Kechuang.EndToEnd.Tests -nologo -v q -clp:ErrorsOnly
    KECHUANG_WRITE_CLIENT_DOCUMENT=1 dotnet test --project tests/Kechuang.EndToEnd.Tests --no-build \
      -- --filter-method "*The_checked_in_document_is_the_one_the_gateway_serves"
    generate clients/Kechuang.Client/Generated
    dotnet build clients/Kechuang.Client -nologo -v q -clp:ErrorsOnly ;;
  *) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
