package org.kvmstack.virt.xml.backup;

import java.util.List;
import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.XmlElement;
import org.kvmstack.virt.xml.XmlParseException;
import org.kvmstack.virt.xml.XmlReader;
import org.kvmstack.virt.xml.XmlWriter;

/**
 * A push-mode backup job ({@code <domainbackup mode='push'>}, libvirt's formatbackup), the document
 * {@code virDomainBackupBegin} takes. Without an {@code <incremental>} element the backup is full: each included
 * disk's target receives a flattened, point-in-time copy of what the guest sees (backing chain included).
 *
 * <p>The disks are always listed explicitly: when {@code <disks>} is given, libvirt leaves every unlisted disk out,
 * so a caller that names one disk copies exactly that one (a config-drive CD-ROM or a second disk stays out).
 * Pull mode (an NBD export) is not modelled.
 */
public record DomainBackup(List<BackupDisk> disks) {
    public DomainBackup {
        disks = Checks.copy(disks);
        if (disks.stream().noneMatch(BackupDisk::included)) {
            throw new IllegalArgumentException("a backup must include at least one disk");
        }
        if (disks.stream().map(BackupDisk::name).distinct().count() != disks.size()) {
            throw new IllegalArgumentException("a disk may be named once in a backup: " + disks);
        }
    }

    /** A full push backup of the one disk {@code diskTarget} into {@code targetFile} as a standalone qcow2. */
    public static DomainBackup fullQcow2(String diskTarget, String targetFile) {
        return new DomainBackup(List.of(BackupDisk.pushTo(diskTarget, targetFile, "qcow2")));
    }

    public XmlElement toXml() {
        return XmlElement.builder("domainbackup").attr("mode", "push")
                .child(XmlElement.builder("disks").children(disks.stream().map(BackupDisk::toXml).toList()).build())
                .build();
    }

    public String render() {
        return XmlWriter.write(toXml());
    }

    public static DomainBackup parse(String xml) {
        return fromXml(XmlReader.parse(xml));
    }

    public static DomainBackup fromXml(XmlElement e) {
        if (!"domainbackup".equals(e.name())) {
            throw new XmlParseException("expected <domainbackup>, got <" + e.name() + ">");
        }
        String mode = e.attr("mode");
        if (mode != null && !"push".equals(mode)) {
            throw new XmlParseException("only push-mode backups are modelled, got mode '" + mode + "'");
        }
        if (e.child("incremental") != null) {
            throw new XmlParseException("incremental backups are not modelled");
        }
        XmlElement disks = e.requireChild("disks");
        try {
            return new DomainBackup(disks.mapChildren("disk", BackupDisk::fromXml));
        } catch (IllegalArgumentException invalid) {
            throw new XmlParseException("invalid backup: " + invalid.getMessage(), invalid);
        }
    }
}
