package org.kvmstack.virt.image;

/**
 * One image format: recognises its signature, says which byte regions it needs, and reads them. Implementations
 * never throw on hostile input; anything wrong is a defect in the findings.
 */
interface FormatParser {
    ImageFormat format();

    /** True when the signature is present; false also while the signature bytes are not captured yet. */
    boolean matches(CapturedBytes bytes);

    /** Called at every region boundary while the signature matches: ask {@code bytes} for more regions. */
    void want(CapturedBytes bytes);

    /** Reads the captured regions once the whole image has streamed past. */
    FormatFindings parse(CapturedBytes bytes, long fileSize);
}
