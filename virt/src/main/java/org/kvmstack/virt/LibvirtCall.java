package org.kvmstack.virt;

import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/** One unit of work on an open libvirt connection; may throw libvirt-java's or our exception. */
@FunctionalInterface
interface LibvirtCall<T> {
    T apply(Connect connect) throws LibvirtException;
}
