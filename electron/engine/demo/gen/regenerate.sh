#!/usr/bin/env bash
# Regenerates the protobuf-es types for google.rpc.Status and the standard error details,
# which the demo server's Fail method encodes into the grpc-status-details-bin trailer.
# The .protos are the bundled copies in protos/include; protoc and protoc-gen-es come from npm.
# Run from anywhere: bash electron/engine/demo/gen/regenerate.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
cd "$root"
npx --no-install protoc \
  --plugin=protoc-gen-es=node_modules/.bin/protoc-gen-es \
  --es_out="$here" --es_opt=target=ts,import_extension=none \
  -I protos/include \
  google/rpc/status.proto google/rpc/error_details.proto
