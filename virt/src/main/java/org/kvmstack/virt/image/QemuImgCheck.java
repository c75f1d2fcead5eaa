package org.kvmstack.virt.image;

/**
 * What {@code qemu-img check --output=json} reported.
 *
 * @param supported    false when the format has no consistency checks (raw); the counts are then 0
 * @param corruptions  corrupted clusters or tables (exit code 2)
 * @param leaks        leaked clusters (exit code 3); harmless but wasteful
 * @param checkErrors  errors that stopped the check from completing
 */
public record QemuImgCheck(boolean supported, long corruptions, long leaks, long checkErrors) {
    /** No corruption and no errors. Leaks do not make an image unusable. */
    public boolean consistent() {
        return corruptions == 0 && checkErrors == 0;
    }
}
