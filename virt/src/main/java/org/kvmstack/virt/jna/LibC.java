package org.kvmstack.virt.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/** The few libc calls needed to use a socket descriptor handed over by libvirt (LP64 Linux). */
interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int EINTR = 4;
    int EAGAIN = 11;
    short POLLIN = 0x001;
    int SHUT_RDWR = 2;

    /** {@code poll(struct pollfd *fds, nfds_t nfds, int timeout)}; a pollfd is {int fd; short events; short revents}. */
    int poll(Pointer fds, NativeLong nfds, int timeoutMillis) throws LastErrorException;

    NativeLong read(int fd, byte[] buffer, NativeLong count) throws LastErrorException;

    NativeLong write(int fd, byte[] buffer, NativeLong count) throws LastErrorException;

    int shutdown(int fd, int how) throws LastErrorException;

    int close(int fd) throws LastErrorException;
}
