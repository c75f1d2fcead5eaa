package org.kvmstack.cloud.config;

/** Configuration that cannot be used; the message says which key is wrong and what to do. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
