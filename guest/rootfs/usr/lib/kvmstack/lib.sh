# Shared helpers of the kvmstack guest's boot scripts (sourced, busybox sh).
# State lives in /run/kvmstack so that init, the DHCP lease script and
# finish-boot (three separate processes) agree on one set of facts.
STATE=/run/kvmstack

# The serial console, where tests and the cloud read our lines. /dev/console
# only when the machine has no working ttyS0 (it then is whatever the kernel chose).
console_dev() {
  if stty -F /dev/ttyS0 >/dev/null 2>&1; then echo /dev/ttyS0; else echo /dev/console; fi
}

# say LINE: one line on the serial console, written with a single echo so it
# is never split by other writers. Also kept in the boot log.
say() {
  echo "$*" > "$(console_dev)"
  echo "$*" >> "$STATE/boot.log"
}

# log LINE: boot details that matter only when something went wrong.
log() { echo "$(cut -d' ' -f1 /proc/uptime) $*" >> "$STATE/boot.log"; }

# state_get NAME [DEFAULT] / state_set NAME VALUE
state_get() { if [ -s "$STATE/$1" ]; then cat "$STATE/$1"; else echo "$2"; fi; }
state_set() { echo "$2" > "$STATE/$1.tmp" && mv "$STATE/$1.tmp" "$STATE/$1"; }

# json_flatten FILE > OUT: "path<TAB>value" lines (see json.awk); fails on bad JSON.
json_flatten() { awk -f /usr/lib/kvmstack/json.awk "$1"; }

# json_get FLAT PATH: the value at PATH in a flattened document, empty if absent.
json_get() { awk -F '\t' -v p="$2" '$1 == p { print $2; exit }' "$1"; }

# netmask_to_prefix 255.255.255.0 -> 24 (a prefix passes through unchanged).
netmask_to_prefix() {
  case $1 in *.*) ;; *) echo "$1"; return ;; esac
  echo "$1" | awk -F. '{ bits = 0
    for (i = 1; i <= 4; i++) { o = $i; while (o > 0) { bits += o % 2; o = int(o / 2) } }
    print bits }'
}

# iface_by_mac MAC: the interface with that MAC address (case-insensitive), empty if none.
iface_by_mac() {
  want=$(echo "$1" | tr 'A-F' 'a-f')
  for dev in /sys/class/net/*; do
    [ "$(cat "$dev/address" 2>/dev/null)" = "$want" ] && { basename "$dev"; return; }
  done
}
