package org.kvmstack.cloud.configdrive;

/** A config drive image could not be produced (ISO tool missing or failing, file system error). */
public final class ConfigDriveException extends RuntimeException {
    public ConfigDriveException(String message) {
        super(message);
    }

    public ConfigDriveException(String message, Throwable cause) {
        super(message, cause);
    }
}
