package org.kvmstack.virt.xml.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kvmstack.virt.xml.XmlElement;
import org.kvmstack.virt.xml.XmlParseException;
import org.kvmstack.virt.xml.XmlReader;

class DomainBackupXmlTest {
    @Test
    void fullQcow2BackupOfOneDiskHasLibvirtsPushShape() {
        XmlElement root = XmlReader.parse(DomainBackup.fullQcow2("vda", "/var/lib/libvirt/kvmstack/snap.qcow2").render());

        assertThat(root.name()).isEqualTo("domainbackup");
        assertThat(root.attr("mode")).isEqualTo("push");
        assertThat(root.child("incremental")).as("a full backup names no checkpoint").isNull();
        List<XmlElement> disks = root.requireChild("disks").children("disk");
        assertThat(disks).hasSize(1);
        XmlElement disk = disks.get(0);
        assertThat(disk.attributes()).containsEntry("name", "vda").containsEntry("backup", "yes")
                .containsEntry("type", "file");
        assertThat(disk.childAttr("driver", "type")).isEqualTo("qcow2");
        assertThat(disk.childAttr("target", "file")).isEqualTo("/var/lib/libvirt/kvmstack/snap.qcow2");
    }

    @Test
    void roundTripsWithAnExcludedDisk() {
        DomainBackup backup = new DomainBackup(List.of(BackupDisk.pushTo("vda", "/pool/a.qcow2", "qcow2"),
                BackupDisk.excluded("hdc")));

        assertThat(DomainBackup.parse(backup.render())).isEqualTo(backup);
        XmlElement excluded = XmlReader.parse(backup.render()).requireChild("disks").children("disk").get(1);
        assertThat(excluded.attr("backup")).isEqualTo("no");
        assertThat(excluded.children()).as("an excluded disk carries no target").isEmpty();
    }

    @Test
    void markupInAPathIsEscapedAndComesBackIntact() {
        String path = "/pool/it's <odd> & \"quoted\".qcow2";
        DomainBackup backup = DomainBackup.fullQcow2("vda", path);

        assertThat(XmlReader.parse(backup.render()).requireChild("disks").children("disk").get(0)
                .childAttr("target", "file")).isEqualTo(path);
    }

    @Test
    void parsesWhatLibvirtReportsForARunningJob() {
        String reported = """
                <domainbackup mode='push'>
                  <disks>
                    <disk name='vda' backup='yes' type='file' state='running'>
                      <driver type='qcow2'/>
                      <target file='/var/lib/libvirt/kvmstack/snapshot-1.qcow2'/>
                    </disk>
                    <disk name='hda' backup='no'/>
                  </disks>
                </domainbackup>""";

        assertThat(DomainBackup.parse(reported)).isEqualTo(new DomainBackup(List.of(
                BackupDisk.pushTo("vda", "/var/lib/libvirt/kvmstack/snapshot-1.qcow2", "qcow2"),
                BackupDisk.excluded("hda"))));
    }

    @Test
    void rejectsBackupsItCannotExpress() {
        assertThatThrownBy(() -> new DomainBackup(List.of(BackupDisk.excluded("vda"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one disk");
        assertThatThrownBy(() -> new DomainBackup(List.of(BackupDisk.pushTo("vda", "/a", null),
                BackupDisk.pushTo("vda", "/b", null)))).hasMessageContaining("once");
        assertThatThrownBy(() -> BackupDisk.pushTo("vda", "relative.qcow2", "qcow2"))
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> DomainBackup.parse("<domainbackup mode='pull'><disks/></domainbackup>"))
                .isInstanceOf(XmlParseException.class).hasMessageContaining("push");
        assertThatThrownBy(() -> DomainBackup.parse(
                "<domainbackup><incremental>cp1</incremental><disks><disk name='vda'/></disks></domainbackup>"))
                .isInstanceOf(XmlParseException.class).hasMessageContaining("incremental");
    }
}
