package org.kvmstack.cli.client;

/** Told how far an upload has got; called from the thread that reads the file. */
@FunctionalInterface
public interface UploadListener {
    /** Does nothing. */
    UploadListener NONE = (sent, total) -> { };

    /**
     * @param sent  bytes handed to the connection so far
     * @param total the file's size
     */
    void progress(long sent, long total);
}
