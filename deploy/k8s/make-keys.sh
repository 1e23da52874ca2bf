#!/usr/bin/env bash
# Creates the network for deploy/k8s: `roko genesis` for 2 validators per region, then lays the keys out under the
# pod names the StatefulSets give (roko-na-0, roko-na-1, roko-eu-0, ...) next to genesis.json, ready for
#   kubectl -n roko create secret generic roko-keys --from-file=OUT/secret/
# Usage: make-keys.sh --out DIR [--per-region N]   (needs `roko` on PATH or $ROKO)
set -euo pipefail
out=""; per_region=2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --per-region) per_region="$2"; shift 2 ;;
    *) echo "make-keys.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
[[ -n "$out" ]] || { echo "make-keys.sh: --out DIR is required" >&2; exit 2; }
[[ "$per_region" =~ ^[1-9][0-9]*$ ]] || { echo "make-keys.sh: --per-region must be a positive integer" >&2; exit 2; }
[[ ! -e "$out" ]] || { echo "make-keys.sh: $out exists; refusing to overwrite keys" >&2; exit 1; }
roko="${ROKO:-roko}"
regions=(na eu apac)
validators=$((per_region * 3))
"$roko" genesis --validators "$validators" --out "$out/net" >/dev/null
mkdir -p "$out/secret"
chmod 0700 "$out/secret"
# `roko genesis` assigns regions round-robin: validator i is in regions[i % 3], the (i / 3)-th of its region.
for ((i = 0; i < validators; i++)); do
  pod="roko-${regions[$((i % 3))]}-$((i / 3))"
  install -m 0600 "$out/net/validator-$i/node.key" "$out/secret/$pod.key"
done
install -m 0644 "$out/net/genesis.json" "$out/secret/genesis.json"
echo "keys for $validators validators in $out/secret; next:"
echo "  kubectl -n roko create secret generic roko-keys --from-file=$out/secret/"
echo "  kubectl -n roko create secret generic roko-http-token --from-literal=token=\$(openssl rand -hex 32)"
