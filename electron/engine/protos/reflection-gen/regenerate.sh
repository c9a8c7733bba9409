#!/usr/bin/env bash
# Regenerates the protobuf-es types for the server reflection protocol (v1) used by
# ../reflection-client.ts. v1alpha is wire-identical (only the package name differs), so
# the same messages serve both; the client picks the method path.
# The .proto comes from @grpc/reflection's package; protoc and protoc-gen-es from npm.
# Run from anywhere: bash electron/engine/protos/reflection-gen/regenerate.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
cd "$root"
npx --no-install protoc \
  --plugin=protoc-gen-es=node_modules/.bin/protoc-gen-es \
  --es_out="$here" --es_opt=target=ts,import_extension=none \
  -I node_modules/@grpc/reflection/build/proto \
  grpc/reflection/v1/reflection.proto
