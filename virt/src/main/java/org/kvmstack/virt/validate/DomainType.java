package org.kvmstack.virt.validate;

/** The libvirt {@code <domain type='…'>} a host can run guests with. */
public enum DomainType {
    /** Hardware-accelerated KVM. */
    KVM("kvm"),
    /** QEMU's TCG software emulation: works everywhere, roughly 10-50x slower. */
    QEMU("qemu");

    private final String libvirtName;

    DomainType(String libvirtName) {
        this.libvirtName = libvirtName;
    }

    /** The value of the domain XML's {@code type} attribute. */
    public String libvirtName() {
        return libvirtName;
    }
}
