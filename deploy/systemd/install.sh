#!/usr/bin/env bash
# Installs one ROKO node under systemd with mutual TLS on. Idempotent: run again, it keeps what is already installed
# (certificate, node.conf, unit) and creates only what is missing; a changed option does not overwrite an existing
# node.conf (delete it to render it again).
#
#   install.sh --name NAME --region na|eu|apac --hostname HOST --seeds "akka.ssl.tcp://roko@h1:4053,..." --ca CA_DIR
#              [--port 4053] [--http-host 127.0.0.1] [--http-port 8080] [--data-dir /var/lib/roko/node] [--root /]
#
# Before: /opt/roko holds `dotnet publish` output, the data dir holds the node's key and genesis.json (`roko genesis`),
# and CA_DIR holds the network CA's ca.crt and ca.key (`roko certs ca`, on the operator's machine: copy it over for
# the install and remove it afterwards; the node needs only ca.crt). --root installs into a self-contained tree (tests,
# a dry run): every path, also those in node.conf, lies under it; no user is created, nothing is chown'ed and
# systemctl is not called.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
name=""; region=""; hostname=""; seeds=""; ca=""; port=4053; http_host="127.0.0.1"; http_port=8080
data_dir="/var/lib/roko/node"; root="/"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --name) name="$2"; shift 2 ;;
    --region) region="$2"; shift 2 ;;
    --hostname) hostname="$2"; shift 2 ;;
    --seeds) seeds="$2"; shift 2 ;;
    --ca) ca="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --http-host) http_host="$2"; shift 2 ;;
    --http-port) http_port="$2"; shift 2 ;;
    --data-dir) data_dir="$2"; shift 2 ;;
    --root) root="$2"; shift 2 ;;
    *) echo "install.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
for required in name region hostname seeds ca; do
  [[ -n "${!required}" ]] || { echo "install.sh: --$required is required" >&2; exit 2; }
done
[[ "$region" =~ ^(na|eu|apac)$ ]] || { echo "install.sh: --region must be na, eu or apac, got '$region'" >&2; exit 2; }
[[ "$port" =~ ^[0-9]+$ && "$http_port" =~ ^[0-9]+$ ]] || { echo "install.sh: --port and --http-port must be numbers" >&2; exit 2; }
[[ -f "$ca/ca.crt" && -f "$ca/ca.key" ]] || { echo "install.sh: $ca must hold ca.crt and ca.key (roko certs ca)" >&2; exit 1; }
roko="${ROKO:-/opt/roko/roko}"
system_install=false; [[ "$root" == "/" ]] && system_install=true
root="${root%/}"
etc="$root/etc/roko"; tls="$etc/tls"; data="$root$data_dir"
[[ -f "$data/node.key" ]] || { echo "install.sh: $data/node.key is missing (roko genesis or roko keygen)" >&2; exit 1; }

if $system_install && ! id roko >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/roko --shell /usr/sbin/nologin roko
  echo "created system user roko"
fi
install -d -m 0755 "$etc"
install -d -m 0700 "$tls"
if [[ -f "$tls/$name.pfx" ]]; then
  echo "keeping the certificate $tls/$name.pfx"
else
  "$roko" certs node --ca "$ca" --name "$name" --node-key "$data/node.key" --out "$tls" >/dev/null
  echo "certificate $tls/$name.pfx names the node key of $data/node.key"
fi
cmp -s "$ca/ca.crt" "$tls/ca.crt" || install -m 0644 "$ca/ca.crt" "$tls/ca.crt"
if [[ -f "$etc/node.conf" ]]; then
  echo "keeping $etc/node.conf"
else
  quoted_seeds=$(sed -e 's/[^,][^,]*/"&"/g' -e 's/,/, /g' <<<"$seeds")
  sed -e "s|@NAME@|$name|g" -e "s|@REGION@|$region|" -e "s|@DATA_DIR@|$data|" -e "s|@HTTP_HOST@|$http_host|" \
      -e "s|@HTTP_PORT@|$http_port|" -e "s|@TLS_DIR@|$tls|g" -e "s|@HOSTNAME@|$hostname|" -e "s|@PORT@|$port|" \
      -e "s|@SEEDS@|$quoted_seeds|" "$here/node.conf.template" >"$etc/node.conf"
  echo "wrote $etc/node.conf (mutual TLS on)"
fi
unit="$root/etc/systemd/system/roko-node.service"
install -d -m 0755 "$(dirname "$unit")"
cmp -s "$here/roko-node.service" "$unit" || install -m 0644 "$here/roko-node.service" "$unit"
if $system_install; then
  chown -R roko:roko "$tls" "$data"
  systemctl daemon-reload
  systemctl enable roko-node.service
  echo "enabled roko-node.service; start it with: systemctl start roko-node"
else
  echo "installed under $root (no user, ownership or systemctl changes outside /)"
fi
