package org.kvmstack.cli.image;

import org.kvmstack.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code kvmstack image …}: disk images (Glance v2). */
@Command(name = "image", description = "Create, upload, list, show and delete images.")
public final class ImageCommand extends GroupCommand {
}
