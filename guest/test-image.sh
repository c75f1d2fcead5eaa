#!/usr/bin/env bash
# Boots the guest image under TCG both ways, each with a config drive, and checks what
# docs/guest-image.md promises. Exits non-zero on the first broken promise.
#   direct: -kernel/-initrd, static address from network_data.json, SSH login with the
#           config drive's key, user_data output on the console
#   disk:   BIOS boot of disk.qcow2 (through a throwaway overlay), DHCP (network_data says
#           ipv4_dhcp), HTTP responder, user_data output on the console
# Each QEMU runs in a fresh network namespace of its own (unshare --net) with QEMU user
# networking (restrict=on): nothing touches the machine's network namespace and the guest
# reaches nothing outside. Needs root (for the namespace). Takes ~15-30 s.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
READY_TIMEOUT=${GUEST_READY_TIMEOUT:-120}   # seconds from QEMU start to the READY line, per boot (generous: TCG on a loaded 2-core machine)

# --- one boot, run inside its own network namespace ------------------------------------
# run_case NAME KIND ISO EXPECT_HOST EXPECT_IP CHECK: writes NAME.result ("ok SECONDS" or "fail ...").
run_case() {
  local name=$1 kind=$2 iso=$3 host=$4 ip=$5 check=$6
  local log=$tmp/$1.console result=$tmp/$1.result boot=()
  ip link set lo up
  case $kind in
    direct) boot=(-kernel "$dir/vmlinuz" -initrd "$dir/initrd.img" -append "$(manifest_cmdline)") ;;
    disk)   qemu-img create -q -f qcow2 -F qcow2 -b "$dir/disk.qcow2" "$tmp/$name.qcow2"
            boot=(-drive "file=$tmp/$name.qcow2,if=virtio,format=qcow2") ;;
  esac
  local guest_ip=${ip%/*}
  local start=$EPOCHREALTIME
  qemu-system-x86_64 -machine pc,accel=tcg -m 128 -display none -no-reboot \
    -serial "file:$log" -monitor "unix:$tmp/$name.monitor,server=on,wait=off" -uuid "$UUID" "${boot[@]}" \
    -drive "file=$iso,media=cdrom,if=ide,readonly=on" \
    -netdev "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:2222-$guest_ip:22,hostfwd=tcp:127.0.0.1:8080-$guest_ip:80" \
    -device virtio-net-pci,netdev=n0 2>"$tmp/$name.qemu" &
  qemu=$!  # global: the EXIT trap runs after this function returned
  trap 'kill $qemu 2>/dev/null; wait $qemu 2>/dev/null' EXIT
  local ready="" i
  for ((i = 0; i < READY_TIMEOUT * 5; i++)); do
    ready=$(grep -a -m1 '^KVMSTACK-GUEST-READY ' "$log" 2>/dev/null | tr -d '\r') && break
    kill -0 $qemu 2>/dev/null || { echo "fail: QEMU exited: $(cat "$tmp/$name.qemu")" > "$result"; return; }
    sleep 0.2
  done
  local seconds; seconds=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
  [[ -n $ready ]] || { echo "fail: no READY line within ${READY_TIMEOUT}s" > "$result"; return; }
  local want="KVMSTACK-GUEST-READY hostname=$host uuid=$UUID ip=$ip mac=52:54:00:12:34:56"
  [[ $ready == "$want" ]] || { printf 'fail: READY line was\n  %s\nexpected\n  %s\n' "$ready" "$want" > "$result"; return; }
  grep -aq "^USERDATA-OK host=$host sum=42" "$log" || { echo "fail: no user_data output on the console" > "$result"; return; }
  grep -aq '^KVMSTACK-GUEST-USERDATA exit=0' "$log" || { echo "fail: no USERDATA exit=0 line" > "$result"; return; }
  case $check in
    ssh)
      local out
      out=$(timeout 30 ssh -q -i "$tmp/id" -p 2222 -o BatchMode=yes -o StrictHostKeyChecking=no \
              -o UserKnownHostsFile=/dev/null -o ConnectTimeout=20 root@127.0.0.1 'hostname; cat /run/kvmstack/ip' 2>&1) ||
        { echo "fail: ssh with the config drive's key: $out" > "$result"; return; }
      [[ $out == "$host"$'\n'"$ip" ]] || { echo "fail: ssh printed '$out'" > "$result"; return; } ;;
    http)
      local page
      page=$(curl -fsS --max-time 20 http://127.0.0.1:8080/) || { echo "fail: HTTP responder unreachable" > "$result"; return; }
      [[ $page == *"hostname=$host"* ]] || { echo "fail: HTTP page was '$page'" > "$result"; return; } ;;
  esac
  # The ACPI power button (what `virsh shutdown` presses) must power the guest off.
  /usr/bin/python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(b"system_powerdown\n"); time.sleep(0.3)' "$tmp/$name.monitor"
  for ((i = 0; i < 100; i++)); do kill -0 $qemu 2>/dev/null || break; sleep 0.2; done
  kill -0 $qemu 2>/dev/null && { echo "fail: no poweroff within 20 s of the ACPI power button" > "$result"; return; }
  echo "ok $seconds" > "$result"
}

manifest_cmdline() { sed -n 's/.*"cmdline": "\(.*\)".*/\1/p' "$dir/manifest.json"; }

# make_drive NAME HOSTNAME NETWORK_DATA_JSON -> NAME.iso, an OpenStack config drive
make_drive() {
  local name=$1 host=$2 network=$3 root=$tmp/$1.drive
  mkdir -p "$root/openstack/latest"
  cat > "$root/openstack/latest/meta_data.json" <<EOF
{"uuid": "$UUID", "name": "$host", "hostname": "$host", "launch_index": 0,
 "public_keys": {"test": "$(cat "$tmp/id.pub")"},
 "keys": [{"name": "test", "type": "ssh", "data": "$(cat "$tmp/id.pub")"}]}
EOF
  printf '%s\n' "$network" > "$root/openstack/latest/network_data.json"
  printf '#!/bin/sh\necho "USERDATA-OK host=$(hostname) sum=$((6 * 7))"\n' > "$root/openstack/latest/user_data"
  xorriso -as mkisofs -quiet -V config-2 -J -R -o "$tmp/$name.iso" "$root" 2>/dev/null
}

if [[ ${1:-} == --run-case ]]; then
  shift; tmp=$1 dir=$2 UUID=$3; shift 3
  run_case "$@"
  exit 0
fi

# The guest's JSON parser, run by the same busybox awk (busybox-static) on this machine.
check_json_parser() {
  local awkfile=$here/rootfs/usr/lib/kvmstack/json.awk out
  out=$(printf '%s' '{"a": {"b": [1, "x\"y\u0041\n"]}, "t": true, "n": null, "e": {}, "k.v": -1.5e3}' | busybox awk -f "$awkfile")
  local want=$'a.b.0	1
a.b.1	x"yA 
t	true
n	null
k.v	-1.5e3'
  [[ $out == "$want" ]] || { printf 'test-image: json.awk printed
%s
expected
%s
' "$out" "$want" >&2; exit 1; }
  if printf '%s' '{"a": [1, 2' | busybox awk -f "$awkfile" >/dev/null 2>&1; then
    echo "test-image: json.awk accepted a truncated document" >&2; exit 1
  fi
}

# --- main --------------------------------------------------------------------------------
[[ $(id -u) == 0 ]] || { echo "test-image: needs root (QEMU runs in a private network namespace)" >&2; exit 1; }
check_json_parser
dir=$("$here/build-image.sh" --print-dir)
tmp=$(mktemp -d /tmp/kvmstack-guest-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
UUID=6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9
ssh-keygen -q -t ed25519 -N '' -C kvmstack-test -f "$tmp/id"

make_drive static test-direct '{"links": [{"id": "tap0", "type": "phy", "ethernet_mac_address": "52:54:00:12:34:56", "mtu": 1500}],
 "networks": [{"id": "network0", "type": "ipv4", "link": "tap0", "ip_address": "10.0.2.77", "netmask": "255.255.255.0",
   "routes": [{"network": "0.0.0.0", "netmask": "0.0.0.0", "gateway": "10.0.2.2"}], "network_id": "net-1"}],
 "services": [{"type": "dns", "address": "10.0.2.3"}]}'
make_drive dhcp test-disk '{"links": [{"id": "tap0", "type": "phy", "ethernet_mac_address": "52:54:00:12:34:56"}],
 "networks": [{"id": "network0", "type": "ipv4_dhcp", "link": "tap0", "network_id": "net-1"}], "services": []}'

# Both boots at once, each in its own network namespace (so both may use ports 2222/8080).
unshare --net "$0" --run-case "$tmp" "$dir" "$UUID" direct direct "$tmp/static.iso" test-direct 10.0.2.77/24 ssh &
unshare --net "$0" --run-case "$tmp" "$dir" "$UUID" disk disk "$tmp/dhcp.iso" test-disk 10.0.2.15/24 http &
wait

failed=0
for name in direct disk; do
  result=$(cat "$tmp/$name.result" 2>/dev/null || echo "fail: no result")
  if [[ $result == ok* ]]; then
    echo "guest image test: $name boot: READY after ${result#ok }s; config drive, user_data and $( [[ $name == direct ]] && echo "static address, ssh" || echo "DHCP, http"), ACPI poweroff ok"
  else
    failed=1
    echo "guest image test: $name boot: ${result}" >&2
    echo "--- console of the $name boot (last 40 lines):" >&2
    tail -n 40 "$tmp/$name.console" >&2 2>/dev/null || true
  fi
done
exit $failed
