package org.kvmstack.virt.xml.backup;

import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.XmlElement;
import org.kvmstack.virt.xml.XmlParseException;

/**
 * One {@code <disk>} of a {@code <domainbackup>}: the guest disk named by its target ({@code vda}), whether it takes
 * part, and for a push backup the file the hypervisor writes and that file's format.
 *
 * <pre>{@code <disk name='vda' backup='yes' type='file'><driver type='qcow2'/><target file='/pool/copy.qcow2'/></disk>}</pre>
 *
 * @param name       the disk's target device in the domain ({@code <target dev=…>}), e.g. {@code vda}
 * @param included   {@code backup='yes'} when true; an excluded disk carries no target
 * @param targetFile absolute path of the file a push backup writes (libvirt creates it), null when excluded
 * @param format     format of that file ({@code qcow2}, {@code raw}), null for the hypervisor's default
 */
public record BackupDisk(String name, boolean included, String targetFile, String format) {
    public BackupDisk {
        Checks.requireNonBlank(name, "backup disk name");
        if (included) {
            Checks.requireNonBlank(targetFile, "backup target file of disk " + name);
            if (!targetFile.startsWith("/")) {
                throw new IllegalArgumentException("backup target file must be an absolute path, got " + targetFile);
            }
        } else if (targetFile != null || format != null) {
            throw new IllegalArgumentException("disk " + name + " is excluded from the backup, so it has no target");
        }
    }

    /** A disk copied into {@code targetFile} in {@code format}. */
    public static BackupDisk pushTo(String name, String targetFile, String format) {
        return new BackupDisk(name, true, targetFile, format);
    }

    /** A disk left out of the backup ({@code backup='no'}). */
    public static BackupDisk excluded(String name) {
        return new BackupDisk(name, false, null, null);
    }

    public XmlElement toXml() {
        XmlElement.Builder disk = XmlElement.builder("disk").attr("name", name).yesNo("backup", included);
        if (included) {
            disk.attr("type", "file")
                    .child(format == null ? null : XmlElement.builder("driver").attr("type", format).build())
                    .child(XmlElement.builder("target").attr("file", targetFile).build());
        }
        return disk.build();
    }

    public static BackupDisk fromXml(XmlElement e) {
        if (!"disk".equals(e.name())) {
            throw new XmlParseException("expected <disk>, got <" + e.name() + ">");
        }
        String type = e.attr("type");
        if (type != null && !"file".equals(type)) {
            throw new XmlParseException("backup disk " + e.attr("name") + " has type '" + type
                    + "'; only file targets are modelled");
        }
        // libvirt's default for a listed disk is backup='yes'
        boolean included = !Boolean.FALSE.equals(e.boolAttr("backup"));
        try {
            return new BackupDisk(e.requireAttr("name"), included,
                    included ? e.childAttr("target", "file") : null,
                    included ? e.childAttr("driver", "type") : null);
        } catch (IllegalArgumentException invalid) {
            throw new XmlParseException("invalid backup disk: " + invalid.getMessage(), invalid);
        }
    }
}
