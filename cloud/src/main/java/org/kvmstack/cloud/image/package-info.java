/**
 * The image service (Glance v2 semantics) and the per-host image cache.
 *
 * <ul>
 *   <li>{@link org.kvmstack.cloud.image.ImageService}: image records, visibility, tags and extra properties; bytes
 *       streamed to {@code <data-dir>/images} while they are hashed and inspected, then judged by
 *       {@link org.kvmstack.virt.image.ImageSafetyPolicy} before the image becomes active; start-up recovery of
 *       interrupted uploads.</li>
 *   <li>{@link org.kvmstack.cloud.image.HostImageCache}: an active image uploaded to a host's kvmstack pool once per
 *       content checksum through libvirt, with completion recorded in {@code host_images}.</li>
 * </ul>
 *
 * <p>Nothing here speaks HTTP: the routes are in {@code org.kvmstack.api.image}.
 */
package org.kvmstack.cloud.image;
