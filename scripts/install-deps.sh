#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages kvmstack and its tests need, only when missing.
# Idempotent: when everything is present it returns in well under a second.
# Never starts libvirtd in the machine's own namespaces: kvmstack starts its own
# libvirt hosts inside network namespaces (see testbed/).
set -euo pipefail

need=()
want() { # want COMMAND-OR-PATH PACKAGE
  local probe=$1 pkg=$2
  if [[ $probe == /* ]]; then [[ -e $probe ]] || need+=("$pkg")
  else command -v "$probe" >/dev/null 2>&1 || need+=("$pkg"); fi
}

want java            default-jdk-headless
want mvn             maven
want qemu-system-x86_64 qemu-system-x86
want qemu-img        qemu-utils
want libvirtd        libvirt-daemon-system
want virsh           libvirt-clients
want dnsmasq         dnsmasq-base
want ip              iproute2
want unshare         util-linux
# xorriso: for the tests (they read config drives back) and grub-mkrescue; the controller
# writes config drive ISOs itself (cloud/.../configdrive/Iso9660Writer) and never runs it.
want xorriso         xorriso
want cpio            cpio
want /bin/busybox    busybox-static
want dpkg-deb        dpkg
want nsenter         util-linux
want /usr/lib/x86_64-linux-gnu/libvirt.so.0 libvirt0
# The guest image (guest/build-image.sh): a BIOS-bootable disk from grub-mkrescue,
# and readelf to find the shared libraries dropbear needs.
want grub-mkrescue   grub-common
want /usr/lib/grub/i386-pc/boot.img grub-pc-bin
want mformat         mtools
want readelf         binutils
if [[ ${KVMSTACK_WITH_TEST_TOOLS:-0} == 1 ]]; then
  want /usr/bin/openstack python3-openstackclient
  # The store tests start their own PostgreSQL server from the distribution's binaries. Probe the
  # server's initdb, not /usr/lib/postgresql: the client package alone creates that directory.
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
  want ssh             openssh-client   # guest/test-image.sh logs in to the guest
  want curl            curl
fi

# busybox-static replaces /bin/busybox with a static build; a dynamic busybox cannot run in the initramfs.
if [[ -e /bin/busybox ]] && [[ $(dpkg-query -W -f='${Status}' busybox-static 2>/dev/null) != *" installed" ]]; then
  need+=(busybox-static)
fi

if ((${#need[@]} == 0)); then exit 0; fi
if [[ $(id -u) != 0 ]]; then
  echo "kvmstack: missing packages: ${need[*]}; run as root (or: sudo apt-get install ${need[*]})" >&2
  exit 1
fi
echo "kvmstack: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# policy-rc.d keeps the package scripts from starting libvirtd (and its virbr0) in this namespace.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [[ ! -e $policy ]]; then printf '#!/bin/sh\nexit 101\n' > $policy; chmod +x $policy; created_policy=1; fi
trap '[[ $created_policy == 1 ]] && rm -f $policy' EXIT
apt-get update -qq || true
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
