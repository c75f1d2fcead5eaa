package org.kvmstack.virt.jna;

import com.sun.jna.Pointer;
import com.sun.jna.PointerType;
import java.lang.reflect.Field;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Network;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;

/**
 * Reaches the native {@code vir*Ptr} inside libvirt-java objects. libvirt-java keeps them in non-public fields
 * ({@code Connect.vcp}, {@code Domain.vdp}, {@code Network.vnp}, {@code StoragePool.vspp},
 * {@code StorageVol.vsvp}); the field names are pinned
 * to libvirt-java 0.5.2 and checked by a test, so an upgrade that renames them fails loudly in the build.
 */
final class NativeHandles {
    private static final Field CONNECT = field(Connect.class, "vcp");
    private static final Field DOMAIN = field(Domain.class, "vdp");
    private static final Field NETWORK = field(Network.class, "vnp");
    private static final Field POOL = field(StoragePool.class, "vspp");
    private static final Field VOLUME = field(StorageVol.class, "vsvp");

    private NativeHandles() {
    }

    static Pointer of(Connect connect) {
        return pointer(CONNECT, connect);
    }

    static Pointer of(Domain domain) {
        return pointer(DOMAIN, domain);
    }

    static Pointer of(Network network) {
        return pointer(NETWORK, network);
    }

    static Pointer of(StoragePool pool) {
        return pointer(POOL, pool);
    }

    static Pointer of(StorageVol volume) {
        return pointer(VOLUME, volume);
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("libvirt-java changed: no field " + owner.getName() + "." + name, e);
        }
    }

    private static Pointer pointer(Field field, Object owner) {
        try {
            PointerType p = (PointerType) field.get(owner);
            if (p == null || p.getPointer() == null) {
                throw new IllegalStateException(owner.getClass().getSimpleName() + " handle already freed");
            }
            return p.getPointer();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field, e);
        }
    }
}
