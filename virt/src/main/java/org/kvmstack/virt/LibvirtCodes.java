package org.kvmstack.virt;

/**
 * The {@code virErrorNumber} values (libvirt's virterror.h) that we act on. Kept here because libvirt-java 0.5.2's
 * {@code Error.ErrorNumber} enum is incomplete and misnumbers codes above 75.
 */
public final class LibvirtCodes {
    public static final int INTERNAL_ERROR = 1;
    public static final int NO_SUPPORT = 3;
    public static final int NO_CONNECT = 5;
    public static final int INVALID_CONN = 6;
    public static final int INVALID_ARG = 8;
    public static final int OPERATION_FAILED = 9;
    public static final int XML_ERROR = 27;
    public static final int DOM_EXIST = 28;
    public static final int OPERATION_DENIED = 29;
    public static final int XML_DETAIL = 35;
    public static final int NETWORK_EXIST = 37;
    public static final int SYSTEM_ERROR = 38;
    public static final int RPC = 39;
    public static final int NO_DOMAIN = 42;
    public static final int NO_NETWORK = 43;
    public static final int INVALID_MAC = 44;
    public static final int AUTH_FAILED = 45;
    public static final int NO_STORAGE_POOL = 49;
    public static final int NO_STORAGE_VOL = 50;
    public static final int OPERATION_INVALID = 55;
    public static final int CONFIG_UNSUPPORTED = 67;
    public static final int OPERATION_TIMEOUT = 68;
    public static final int ARGUMENT_UNSUPPORTED = 74;
    public static final int OPERATION_UNSUPPORTED = 84;
    public static final int ACCESS_DENIED = 88;
    public static final int STORAGE_VOL_EXIST = 90;
    public static final int XML_INVALID_SCHEMA = 92;
    public static final int NO_SERVER = 95;

    private LibvirtCodes() {
    }
}
