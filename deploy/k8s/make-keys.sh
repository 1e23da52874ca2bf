#!/usr/bin/env bash
# Creates the network for deploy/k8s: `roko genesis` for N validators per region, a network CA (`roko certs ca`) and
# for every pod a TLS certificate naming its node key (`roko certs node --node-key`), then lays keys and certificates
# out under the pod names the StatefulSets give (roko-na-0, roko-na-1, roko-eu-0, ...) next to genesis.json and the
# CA certificate, ready for
#   kubectl -n roko create secret generic roko-keys --from-file=OUT/secret/
# Idempotent: run again on the same OUT it keeps the genesis, keys, CA and certificates already there and creates only
# what is missing (a certificate for a pod whose key it has not certified yet). OUT/ca/ca.key, the CA's private key,
# never goes into the Secret: keep it offline.
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
roko="${ROKO:-roko}"
regions=(na eu apac)
validators=$((per_region * 3))
if [[ -f "$out/net/genesis.json" ]]; then
  existing=$(find "$out/net" -maxdepth 1 -type d -name 'validator-*' | wc -l)
  [[ "$existing" -eq "$validators" ]] || {
    echo "make-keys.sh: $out holds a network of $existing validators, not $validators; use another --out" >&2; exit 1; }
  echo "keeping the network in $out/net"
else
  [[ ! -e "$out/net" ]] || { echo "make-keys.sh: $out/net exists without genesis.json; refusing to overwrite keys" >&2; exit 1; }
  "$roko" genesis --validators "$validators" --out "$out/net" >/dev/null
fi
if [[ -f "$out/ca/ca.crt" ]]; then
  echo "keeping the network CA in $out/ca"
else
  "$roko" certs ca --out "$out/ca" --name roko-network-ca >/dev/null
fi
mkdir -p "$out/certs" "$out/secret"
chmod 0700 "$out/secret"
# `roko genesis` assigns regions round-robin: validator i is in regions[i % 3], the (i / 3)-th of its region.
for ((i = 0; i < validators; i++)); do
  pod="roko-${regions[$((i % 3))]}-$((i / 3))"
  key="$out/net/validator-$i/node.key"
  if [[ ! -f "$out/certs/$pod.pfx" ]]; then
    "$roko" certs node --ca "$out/ca" --name "$pod" --node-key "$key" --out "$out/certs" >/dev/null
  fi
  install -m 0600 "$key" "$out/secret/$pod.key"
  install -m 0600 "$out/certs/$pod.pfx" "$out/secret/$pod.pfx"
done
install -m 0644 "$out/net/genesis.json" "$out/secret/genesis.json"
install -m 0644 "$out/ca/ca.crt" "$out/secret/ca.crt"
echo "keys and TLS certificates for $validators validators in $out/secret (CA private key: $out/ca/ca.key, keep it offline); next:"
echo "  kubectl -n roko create secret generic roko-keys --from-file=$out/secret/"
echo "  kubectl -n roko create secret generic roko-http-token --from-literal=token=\$(openssl rand -hex 32)"
