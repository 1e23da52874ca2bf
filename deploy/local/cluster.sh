#!/usr/bin/env bash
# A ROKO network as separate `roko node` processes on 127.0.0.1, from configs generated out of
# hocon/templates/local-node.conf.template.
#
#   cluster.sh up [--validators N] [--data-dir DIR] [--base-port P] [--http-base-port H] [--management-base-port M]
#   cluster.sh status [--data-dir DIR]          one line per node: name, pid, height, HTTP address
#   cluster.sh kill NAME [--data-dir DIR]       SIGKILL one node (its data stays)
#   cluster.sh restart NAME [--data-dir DIR]    start a stopped or killed node again with its config
#   cluster.sh down [--data-dir DIR]            SIGTERM every node, SIGKILL what is left after a grace period
#
# Defaults: 6 validators (two per region: na, eu, apac, round-robin), data in ./local-cluster, cluster ports 47000+i,
# HTTP ports 48000+i, management ports (Cluster Bootstrap, config discovery) 49000+i. The `roko` binary is published
# once into DIR/bin (or taken from $ROKO).
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
cmd="${1:-}"; shift || true
name=""
if [[ "$cmd" == kill || "$cmd" == restart ]]; then name="${1:-}"; shift || true; fi

validators=6
data_dir="./local-cluster"
base_port=47000
http_base_port=48000
management_base_port=49000
grace_seconds=30
ready_seconds=180
while [[ $# -gt 0 ]]; do
  case "$1" in
    --validators) validators="$2"; shift 2 ;;
    --data-dir) data_dir="$2"; shift 2 ;;
    --base-port) base_port="$2"; shift 2 ;;
    --http-base-port) http_base_port="$2"; shift 2 ;;
    --management-base-port) management_base_port="$2"; shift 2 ;;
    *) echo "cluster.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
[[ "$validators" =~ ^[1-9][0-9]*$ ]] || { echo "cluster.sh: --validators must be a positive integer, got '$validators'" >&2; exit 2; }
mkdir -p "$data_dir"
data_dir="$(cd "$data_dir" && pwd)"
net="$data_dir/net"; conf="$data_dir/conf"; logs="$data_dir/logs"; pids="$data_dir/pids"

roko() {
  if [[ -n "${ROKO:-}" ]]; then "$ROKO" "$@"; else "$data_dir/bin/roko" "$@"; fi
}

ensure_binary() {
  [[ -n "${ROKO:-}" || -x "$data_dir/bin/roko" ]] && return
  echo "publishing roko into $data_dir/bin (once)"
  dotnet publish "$repo/Roko.Actors" -c Release -o "$data_dir/bin" -v quiet -nologo >/dev/null
}

node_names() { ls "$conf" 2>/dev/null | sed -n 's/\.conf$//p' | sort -V; }
pid_of() { [[ -f "$pids/$1.pid" ]] && cat "$pids/$1.pid" || true; }
alive() { local pid; pid="$(pid_of "$1")"; [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; }
http_port_of() { sed -n 's/^ *port = \([0-9]*\)$/\1/p' "$conf/$1.conf" | head -n 1; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_node() {
  local n="$1"
  if alive "$n"; then echo "$n already runs (pid $(pid_of "$n"))"; return; fi
  mkdir -p "$logs" "$pids"
  nohup "${ROKO:-$data_dir/bin/roko}" node --config "$conf/$n.conf" >>"$logs/$n.log" 2>&1 &
  echo $! >"$pids/$n.pid"
  echo "started $n (pid $!, log $logs/$n.log)"
}

height_of() {
  local port body
  port="$(http_port_of "$1")"
  body="$(curl -fsS --max-time 2 "http://127.0.0.1:$port/health" 2>/dev/null)" || { echo "-"; return; }
  sed -n 's/.*"height": *\([0-9]*\).*/\1/p' <<<"$body" | head -n 1 | grep . || echo "-"
}

wait_ready() {
  local deadline=$((SECONDS + ready_seconds)) n
  for n in $(node_names); do
    until [[ "$(height_of "$n")" != "-" ]]; do
      alive "$n" || { echo "cluster.sh: $n exited during start-up; see $logs/$n.log" >&2; return 1; }
      (( SECONDS < deadline )) || { echo "cluster.sh: $n not ready after ${ready_seconds}s; see $logs/$n.log" >&2; return 1; }
      sleep 1
    done
  done
}

case "$cmd" in
  up)
    if [[ -d "$conf" ]] && [[ -n "$(node_names)" ]]; then
      echo "cluster.sh: $data_dir already holds a cluster; starting its nodes again"
    else
      ensure_binary
      for ((i = 0; i < validators; i++)); do
        port_free $((base_port + i)) || { echo "cluster.sh: port $((base_port + i)) is in use; pick --base-port" >&2; exit 1; }
        port_free $((http_base_port + i)) || { echo "cluster.sh: port $((http_base_port + i)) is in use; pick --http-base-port" >&2; exit 1; }
        port_free $((management_base_port + i)) || { echo "cluster.sh: port $((management_base_port + i)) is in use; pick --management-base-port" >&2; exit 1; }
      done
      roko genesis --validators "$validators" --out "$net" >/dev/null
      mkdir -p "$conf"
      regions=(na eu apac)
      # Every node's management endpoint, on every node: the first `up` forms the cluster once all of them answer.
      contact_points=""
      for ((i = 0; i < validators; i++)); do
        contact_points+="${contact_points:+, }\"127.0.0.1:$((management_base_port + i))\""
      done
      for ((i = 0; i < validators; i++)); do
        # Regions round-robin (na, eu, apac, na, ...), as `roko genesis` assigns them to the validators.
        n="validator-$i"
        region="${regions[$((i % 3))]}"
        sed -e "s|@NAME@|$n|" -e "s|@ROLE@|validator|" -e "s|@REGION@|$region|" -e "s|@DATA_DIR@|$net/$n|" \
            -e "s|@HTTP_PORT@|$((http_base_port + i))|" -e "s|@PORT@|$((base_port + i))|" \
            -e "s|@CONTACT_POINTS@|$contact_points|" -e "s|@REQUIRED_CONTACT_POINTS@|$((validators / 2 + 1))|" \
            -e "s|@MANAGEMENT_PORT@|$((management_base_port + i))|" \
            "$repo/hocon/templates/local-node.conf.template" >"$conf/$n.conf"
        roko config devnet-node --validator "$i" >>"$conf/$n.conf"
      done
    fi
    ensure_binary
    for n in $(node_names); do start_node "$n"; done
    wait_ready
    "$0" status --data-dir "$data_dir"
    echo "mutual TLS between nodes: off (loopback devnet; deploy/k8s and deploy/systemd run with it on)"
    ;;
  status)
    printf '%-14s %-8s %-8s %s\n' NAME PID HEIGHT HTTP
    for n in $(node_names); do
      if alive "$n"; then pid="$(pid_of "$n")"; else pid="down"; fi
      printf '%-14s %-8s %-8s %s\n' "$n" "$pid" "$(height_of "$n")" "http://127.0.0.1:$(http_port_of "$n")"
    done
    ;;
  kill)
    [[ -n "$name" && -f "$conf/$name.conf" ]] || { echo "cluster.sh: kill needs a node name: $(node_names | tr '\n' ' ')" >&2; exit 2; }
    alive "$name" || { echo "cluster.sh: $name is not running" >&2; exit 1; }
    kill -9 "$(pid_of "$name")"
    echo "killed $name (SIGKILL)"
    ;;
  restart)
    [[ -n "$name" && -f "$conf/$name.conf" ]] || { echo "cluster.sh: restart needs a node name: $(node_names | tr '\n' ' ')" >&2; exit 2; }
    if alive "$name"; then kill -9 "$(pid_of "$name")"; sleep 1; fi
    ensure_binary
    start_node "$name"
    ;;
  down)
    for n in $(node_names); do alive "$n" && kill -TERM "$(pid_of "$n")" || true; done
    deadline=$((SECONDS + grace_seconds))
    for n in $(node_names); do
      while alive "$n" && (( SECONDS < deadline )); do sleep 0.5; done
      if alive "$n"; then echo "$n did not stop in ${grace_seconds}s; SIGKILL"; kill -9 "$(pid_of "$n")" || true; fi
      rm -f "$pids/$n.pid"
    done
    echo "all nodes stopped; data stays in $data_dir"
    ;;
  *)
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    [[ -z "$cmd" || "$cmd" == help || "$cmd" == --help ]] && exit 0 || exit 2
    ;;
esac
