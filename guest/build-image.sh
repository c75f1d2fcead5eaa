#!/usr/bin/env bash
# Builds kvmstack's tiny guest image ("the project's CirrOS") from Debian packages.
#
#   guest/build-image.sh               build when missing; quiet on success, progress on stderr
#   guest/build-image.sh --print-dir   the same, then print the directory holding the artefacts
#
# Artefacts (docs/guest-image.md): vmlinuz + initrd.img for direct kernel boot,
# disk.qcow2 (BIOS-bootable: grub-mkrescue hybrid ISO converted to qcow2), manifest.json.
# Output: ${KVMSTACK_CACHE_DIR:-/var/cache/kvmstack}/guest/<hash>/, where <hash> covers this
# script, every file under guest/rootfs and the exact packages (name, version, sha256 of the
# .deb). Nothing needs root mounts or loop devices; the only downloads are `apt-get download`.
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
cache=${KVMSTACK_CACHE_DIR:-/var/cache/kvmstack}/guest
# Kernel command line of both boot paths; the testbed reads it from manifest.json.
CMDLINE="console=ttyS0"
# Packages besides the kernel; dropbear-bin and the libraries it links against give SSH.
PACKAGES=(busybox-static dropbear-bin libc6 libcrypt1 libtomcrypt1 libtommath1 libgmp10 zlib1g)
# Modules the init loads, in this order after their dependencies (read from each .ko's
# depends= at build time). "?" marks modules that may be missing from a kernel.
MODULES=(virtio_pci virtio_net virtio_blk "?virtio_rng" "?button" "?evdev"
         cdrom isofs sr_mod ata_piix ata_generic "?virtio_scsi" "?sd_mod")
# Module parameters: synchronous SCSI scanning, so the config-drive CD-ROM exists
# as soon as insmod returns instead of some time later.
declare -A MODULE_ARGS=([scsi_mod]="scan=sync")

usage() { echo "usage: $0 [--print-dir]" >&2; exit 2; }
progress() { echo "guest image: $*" >&2; }
die() { echo "guest image: error: $*" >&2; exit 1; }

print_dir=0
case $# in
  0) ;;
  1) [[ $1 == --print-dir ]] || usage; print_dir=1 ;;
  *) usage ;;
esac

# --- which packages: name, version, sha256 -------------------------------------------
# apt-cache takes ~0.5 s per call here, so the answer is kept and reused for as long as
# the package lists it came from are unchanged (same names, sizes, mtimes).
resolve_packages() {
  local key kernel
  key=$( (printf '%s\n' "${PACKAGES[@]}"; stat -c '%n %s %Y' /var/lib/apt/lists/*Packages* /var/lib/apt/lists/*Release* 2>/dev/null) | sha256sum | cut -c1-32)
  local memo=$cache/resolved/$key
  if [[ -s $memo ]]; then cat "$memo"; return; fi
  kernel=$(apt-cache depends linux-image-cloud-amd64 | awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }')
  [[ -n $kernel ]] || die "apt-cache knows no linux-image-cloud-amd64 (apt-get update?)"
  local resolved
  resolved=$(apt-cache show --no-all-versions "$kernel" "${PACKAGES[@]}" |
    awk '/^Package: / { p = $2 } /^Version: / { v = $2 } /^SHA256: / { print p, v, $2 }')
  [[ $(wc -l <<<"$resolved") == $((${#PACKAGES[@]} + 1)) ]] || die "could not resolve all of: $kernel ${PACKAGES[*]}"
  mkdir -p "$cache/resolved"
  printf '%s\n' "$resolved" > "$memo.tmp.$$" && mv "$memo.tmp.$$" "$memo"
  printf '%s\n' "$resolved"
}

content_hash() { # content_hash RESOLVED
  {
    echo "kvmstack-guest format 1"
    sha256sum "$here/build-image.sh" | cut -d' ' -f1
    (cd "$here/rootfs" && find . -type f -print0 | LC_ALL=C sort -z |
      while IFS= read -r -d '' f; do
        printf '%s %s %s\n' "$f" "$([[ -x $f ]] && echo x || echo -)" "$(sha256sum < "$f" | cut -d' ' -f1)"
      done)
    printf '%s\n' "$1"
  } | sha256sum | cut -c1-16
}

# --- the build ------------------------------------------------------------------------
fetch_debs() { # fetch_debs RESOLVED -> paths of verified .debs, one a line
  mkdir -p "$cache/debs"
  local pkg ver sha deb tmp
  while read -r pkg ver sha; do
    deb=$cache/debs/${pkg}_$sha.deb
    if [[ ! -s $deb ]]; then
      progress "downloading $pkg $ver"
      tmp=$(mktemp -d "$cache/debs/.dl.XXXXXX")
      (cd "$tmp" && apt-get download -qq -o APT::Sandbox::User=root "$pkg=$ver" >/dev/null) ||
        { rm -rf "$tmp"; die "apt-get download $pkg=$ver failed"; }
      [[ $(sha256sum "$tmp"/*.deb | cut -d' ' -f1) == "$sha" ]] ||
        { rm -rf "$tmp"; die "$pkg $ver: sha256 does not match the package index"; }
      mv "$tmp"/*.deb "$deb" && rm -rf "$tmp"
    fi
    echo "$deb"
  done <<<"$1"
}

module_depends() { # module_depends KO -> dependency names, one a line
  tr '\0' '\n' < "$1" | sed -n 's/^depends=//p' | tr ',' '\n' | sed '/^$/d'
}

# Orders MODULES and their dependencies (depth first, dependencies first) and
# copies them into the root; writes etc/kvmstack/modules ("path args" lines).
install_modules() { # install_modules EXTRACTED ROOT KVER
  local x=$1 root=$2 kver=$3 kdir=lib/modules/$3
  declare -A path=() seen=()
  local order=() f name
  while IFS= read -r f; do
    name=$(basename "$f"); name=${name%%.ko*}; path[${name//-/_}]=${f#"$x/$kdir/"}
  done < <(find "$x/$kdir/kernel" -name '*.ko' -o -name '*.ko.xz')
  visit() {
    local m=$1 dep
    [[ -n ${seen[$m]:-} ]] && return 0
    seen[$m]=1
    [[ -n ${path[$m]:-} ]] || return 1
    for dep in $(module_depends "$(module_file "$m")"); do
      visit "$dep" || die "module $m needs $dep, which $kver does not have"
    done
    order+=("$m")
  }
  module_file() { # decompresses .ko.xz once, since busybox insmod reads plain .ko only
    local src=$x/$kdir/${path[$1]}
    if [[ $src == *.xz ]]; then
      [[ -e ${src%.xz} ]] || xz -dc "$src" > "${src%.xz}"
      path[$1]=${path[$1]%.xz}; src=${src%.xz}
    fi
    echo "$src"
  }
  local want optional
  for want in "${MODULES[@]}"; do
    optional=0; [[ $want == \?* ]] && { optional=1; want=${want#\?}; }
    visit "$want" || { ((optional)) || die "kernel $kver has no module $want"; }
  done
  mkdir -p "$root/etc/kvmstack"
  : > "$root/etc/kvmstack/modules"
  local m rel
  for m in "${order[@]}"; do
    module_file "$m" >/dev/null
    rel=${path[$m]}
    install -D -m 0644 "$x/$kdir/$rel" "$root/$kdir/$rel"
    echo "$rel ${MODULE_ARGS[$m]:-}" >> "$root/etc/kvmstack/modules"
  done
}

# dropbear and the shared objects it needs (ELF NEEDED entries, followed
# recursively), taken from the extracted packages, not from the build host.
install_dropbear() { # install_dropbear EXTRACTED ROOT
  local x=$1 root=$2
  install -D -m 0755 "$x/usr/sbin/dropbear" "$root/usr/sbin/dropbear"
  local queue=("$x/usr/sbin/dropbear") done_libs=" " elf lib found
  while ((${#queue[@]})); do
    elf=${queue[0]}; queue=("${queue[@]:1}")
    for lib in $(readelf -d "$elf" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
      [[ $done_libs == *" $lib "* ]] && continue
      done_libs+="$lib "
      found=$(find "$x/lib" "$x/usr/lib" -name "$lib" \( -type f -o -type l \) 2>/dev/null | head -n1)
      [[ -n $found ]] || die "dropbear needs $lib, which no extracted package provides"
      install -D -m 0755 "$(readlink -f "$found")" "$root/lib/x86_64-linux-gnu/$lib"
      queue+=("$(readlink -f "$found")")
    done
  done
  # The program interpreter is found by its absolute path, not through NEEDED.
  mkdir -p "$root/lib64"
  ln -s /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$root/lib64/ld-linux-x86-64.so.2"
}

make_root() { # make_root EXTRACTED ROOT KVER
  local x=$1 root=$2 kver=$3 applet
  cp -a "$here/rootfs/." "$root/"
  chmod 0600 "$root/etc/shadow"
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,run,tmp,mnt,var/www,var/log,root,etc/dropbear}
  chmod 0700 "$root/root"; chmod 1777 "$root/tmp"
  install -m 0755 "$x/bin/busybox" "$root/bin/busybox"
  for applet in $("$x/bin/busybox" --list-full); do
    [[ $applet == linuxrc || -e $root/$applet ]] && continue
    ln -s /bin/busybox "$root/$applet"
  done
  ln -sfn /proc/mounts "$root/etc/mtab"
  # Without root the kernel warns about the missing console; init reopens it from devtmpfs.
  if [[ $(id -u) == 0 ]]; then mknod -m 0600 "$root/dev/console" c 5 1; fi
  install_modules "$x" "$root" "$kver"
  install_dropbear "$x" "$root"
}

make_disk() { # make_disk WORK OUT: BIOS-bootable qcow2 holding kernel, initramfs, grub.cfg
  local work=$1 out=$2 iso=$1/iso
  mkdir -p "$iso/boot/grub"
  cp "$out/vmlinuz" "$out/initrd.img" "$iso/boot/"
  cat > "$iso/boot/grub/grub.cfg" <<EOF
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
set timeout=0
menuentry "kvmstack guest" {
  linux /boot/vmlinuz $CMDLINE
  initrd /boot/initrd.img
}
EOF
  command -v grub-mkrescue >/dev/null || die "grub-mkrescue missing (scripts/install-deps.sh installs grub-pc-bin grub-common mtools)"
  grub-mkrescue -o "$work/disk.iso" "$iso" -- -volid KVMSTACK_GUEST >"$work/grub.log" 2>&1 ||
    { cat "$work/grub.log" >&2; die "grub-mkrescue failed"; }
  qemu-img convert -f raw -O qcow2 "$work/disk.iso" "$out/disk.qcow2"
}

write_manifest() { # write_manifest OUT KVER RESOLVED HASH SECONDS
  local out=$1 f first=1
  {
    printf '{\n  "format": 1,\n  "hash": "%s",\n  "kernel_version": "%s",\n' "$4" "$2"
    printf '  "cmdline": "%s",\n  "build_seconds": %s,\n  "built_at": "%s",\n' "$CMDLINE" "$5" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    printf '  "packages": {'
    while read -r pkg ver sha; do
      ((first)) || printf ','; first=0
      printf '\n    "%s": {"version": "%s", "sha256": "%s"}' "$pkg" "$ver" "$sha"
    done <<<"$3"
    printf '\n  },\n  "files": {'
    first=1
    for f in vmlinuz initrd.img disk.qcow2; do
      ((first)) || printf ','; first=0
      printf '\n    "%s": {"size": %s, "sha256": "%s"}' "$f" "$(stat -c %s "$out/$f")" "$(sha256sum < "$out/$f" | cut -d' ' -f1)"
    done
    printf '\n  }\n}\n'
  } > "$out/manifest.json"
}

build() { # build RESOLVED HASH DIR
  local resolved=$1 hash=$2 dir=$3 started=$SECONDS
  local work; work=$(mktemp -d "$cache/.build.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  local debs deb x=$work/x root=$work/root out=$work/out kver
  mkdir -p "$x" "$root" "$out"
  debs=$(fetch_debs "$resolved") || exit 1
  for deb in $debs; do dpkg -x "$deb" "$x"; done
  kver=$(ls "$x/lib/modules")
  [[ $(wc -w <<<"$kver") == 1 ]] || die "expected one kernel in the packages, found: $kver"
  progress "building initramfs for $kver"
  make_root "$x" "$root" "$kver"
  cp "$x/boot/vmlinuz-$kver" "$out/vmlinuz"
  (cd "$root" && find . -print0 | LC_ALL=C sort -z |
    cpio --null --create --format=newc --owner=0:0 --reproducible --quiet) | gzip -9 -n > "$out/initrd.img"
  progress "building disk.qcow2"
  make_disk "$work" "$out"
  write_manifest "$out" "$kver" "$resolved" "$hash" $((SECONDS - started))
  # Publish atomically: readers see a complete directory or none.
  rm -rf "$dir"
  mv "$out" "$dir"
  rm -rf "$work"; trap - EXIT
}

mkdir -p "$cache"
resolved=$(resolve_packages)
hash=$(content_hash "$resolved")
dir=$cache/$hash
if [[ ! -s $dir/manifest.json ]]; then
  # One build at a time per cache: other worktrees may ask for the same image.
  exec 9>"$cache/.lock"
  flock 9
  [[ -s $dir/manifest.json ]] || { progress "building into $dir"; build "$resolved" "$hash" "$dir"; }
  exec 9>&-
fi
if ((print_dir)); then echo "$dir"; fi
