#!/usr/bin/env bash
# Regenerates the libvirt 9 / QEMU fixtures used by the XML model tests:
#   qemu-running-domain.xml   virsh dumpxml of a started TCG domain (pty path, VNC port, tap dev, aliases ...)
#   qemu-inactive-domain.xml  virsh dumpxml --inactive of the same domain
#   qemu-default-network.xml  virsh net-dumpxml of the started default network
# Run as root. Everything lives in a private network namespace and a private mount namespace (own
# /run/libvirt, /var/lib/libvirt, /etc/libvirt, /var/log/libvirt, /var/cache/libvirt); nothing is added to the
# machine's own network namespace. Only processes this script started are stopped, by their pid files.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../resources/org/kvmstack/virt/xml}
ns=virt-xml-fixture-$$
work=$(mktemp -d /tmp/virt-xml-fixture.XXXXXX)
created_run_libvirt=no
[[ -d /run/libvirt ]] || { mkdir /run/libvirt; created_run_libvirt=yes; }

cleanup() {
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$work"
  [[ $created_run_libvirt == yes ]] && rmdir /run/libvirt 2>/dev/null || true
}
trap cleanup EXIT
trap "exit 130" INT TERM

ip netns add "$ns"
ip netns exec "$ns" ip link set lo up

export ns work out here
unshare -m --propagation private bash -euo pipefail -c '
  for d in /run/libvirt /var/lib/libvirt /var/log/libvirt /var/cache/libvirt; do
    mkdir -p "$work$d"; mount --bind "$work$d" "$d"
  done
  mkdir -p /var/lib/libvirt/images /var/lib/libvirt/qemu /var/cache/libvirt/qemu /var/log/libvirt/qemu
  cp -a /etc/libvirt "$work/etc"; mount --bind "$work/etc" /etc/libvirt
  # The first define probes QEMU capabilities into an empty cache: a minute or more under load.
  timeout 20 ip netns exec "$ns" virtlogd -d -p /run/libvirt/virtlogd.pid
  timeout 20 ip netns exec "$ns" libvirtd -d -p /run/libvirt/libvirtd.pid
  v() { timeout 240 virsh -q -c qemu:///system "$@"; }
  stop() {
    # libvirtd leaves dnsmasq running when it exits: stop the network first, then its dnsmasq by pid file.
    timeout 30 virsh -q -c qemu:///system destroy fixture-vm >/dev/null 2>&1 || true
    timeout 30 virsh -q -c qemu:///system net-destroy default >/dev/null 2>&1 || true
    for p in network/default.pid libvirtd.pid virtlogd.pid; do
      [[ -f /run/libvirt/$p ]] && kill "$(cat /run/libvirt/$p)" 2>/dev/null || true
    done
    sleep 1
  }
  trap stop EXIT
  trap "exit 130" INT TERM
  for i in $(seq 1 100); do [[ -S /run/libvirt/libvirt-sock ]] && break; sleep 0.1; done
  v net-start default
  qemu-img create -q -f qcow2 /var/lib/libvirt/images/fixture-vm.qcow2 64M
  v define "$here/qemu-fixture-domain.xml"
  v start fixture-vm
  v dumpxml fixture-vm > "$out/qemu-running-domain.xml"
  v dumpxml --inactive fixture-vm > "$out/qemu-inactive-domain.xml"
  v net-dumpxml default > "$out/qemu-default-network.xml"
  v destroy fixture-vm
  v undefine fixture-vm
  v net-destroy default
'
echo "fixtures written to $out"
