package org.kvmstack.virt.xml.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.Sizes;
import org.kvmstack.virt.xml.Uuids;
import org.kvmstack.virt.xml.XmlElement;
import org.kvmstack.virt.xml.XmlEnum;
import org.kvmstack.virt.xml.XmlParseException;
import org.kvmstack.virt.xml.XmlReader;
import org.kvmstack.virt.xml.XmlWriter;

/**
 * A libvirt domain document ({@code <domain>}), as kvmstack writes it and as {@code virsh dumpxml} reads it back.
 *
 * <p>Required: type, name, memory, vcpu, os. {@code id} is the runtime id of a running domain (null otherwise;
 * libvirt ignores it on define). Elements libvirt adds at runtime that are not modelled ({@code <alias>},
 * {@code <address>}, {@code <seclabel>}, {@code <resource>} ...) are tolerated and dropped.
 */
public record Domain(DomainType type, Integer id, String name, UUID uuid, String title, String description,
                     DomainMetadata metadata, long memoryKib, Long currentMemoryKib, Vcpu vcpu, Cpu cpu, Os os,
                     Features features, Clock clock, LifecycleAction onPoweroff, LifecycleAction onReboot,
                     LifecycleAction onCrash, Devices devices) {
    public Domain {
        Checks.requireNonNull(type, "domain type");
        Checks.requireNonBlank(name, "domain name");
        if (name.contains("/")) {
            throw new IllegalArgumentException("domain name must not contain '/': " + name);
        }
        if (title != null && (title.contains("\n") || title.contains("\r"))) {
            throw new IllegalArgumentException("domain title must be a single line (libvirt refuses newlines)");
        }
        Checks.requirePositive(memoryKib, "domain memory");
        Checks.requirePositive(currentMemoryKib, "domain currentMemory");
        if (currentMemoryKib != null && currentMemoryKib > memoryKib) {
            throw new IllegalArgumentException("currentMemory " + currentMemoryKib + " KiB exceeds memory "
                    + memoryKib + " KiB");
        }
        Checks.requireNonNull(vcpu, "domain vcpu");
        Checks.requireNonNull(os, "domain os");
        metadata = Objects.requireNonNullElse(metadata, new DomainMetadata(null, List.of()));
        devices = Objects.requireNonNullElseGet(devices, () -> Devices.builder().build());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every field of this domain, to change a few. */
    public Builder toBuilder() {
        return new Builder().type(type).id(id).name(name).uuid(uuid).title(title).description(description)
                .metadata(metadata).memoryKib(memoryKib).currentMemoryKib(currentMemoryKib).vcpu(vcpu).cpu(cpu)
                .os(os).features(features).clock(clock).onPoweroff(onPoweroff).onReboot(onReboot)
                .onCrash(onCrash).devices(devices);
    }

    /** The pty a running domain's first pty serial port was given (e.g. /dev/pts/3). */
    public Optional<String> serialPtyPath() {
        return devices.serials().stream().filter(s -> s.type() == CharDeviceType.PTY)
                .map(CharDevice::sourcePath).filter(Objects::nonNull).findFirst();
    }

    /** The TCP port of the first VNC server, once libvirt has chosen it (autoport reports -1 until started). */
    public Optional<Integer> vncPort() {
        return devices.graphics().stream().map(VncGraphics::port).filter(p -> p != null && p > 0).findFirst();
    }

    /** Host tap devices of the interfaces, in interface order, for those that have one. */
    public List<String> interfaceTargetDevs() {
        return devices.interfaces().stream().map(NetInterface::targetDev).filter(Objects::nonNull).toList();
    }

    public XmlElement toXml() {
        return XmlElement.builder("domain").attr("type", type.xmlValue()).attr("id", id)
                .textChild("name", name).textChild("uuid", uuid).textChild("title", title)
                .textChild("description", description)
                .child(metadata.isEmpty() ? null : metadata.toXml())
                .child(Sizes.kibElement("memory", memoryKib))
                .child(Sizes.kibElement("currentMemory", currentMemoryKib))
                .child(vcpu.toXml())
                .child(os.toXml())
                .child(features == null ? null : features.toXml())
                .child(cpu == null ? null : cpu.toXml())
                .child(clock == null ? null : clock.toXml())
                .textChild("on_poweroff", XmlEnum.toXml(onPoweroff))
                .textChild("on_reboot", XmlEnum.toXml(onReboot))
                .textChild("on_crash", XmlEnum.toXml(onCrash))
                .child(devices.toXml())
                .build();
    }

    /** The document libvirt's define call takes; every value escaped by {@link XmlWriter}. */
    public String render() {
        return XmlWriter.write(toXml());
    }

    public static Domain parse(String xml) {
        return fromXml(XmlReader.parse(xml));
    }

    public static Domain fromXml(XmlElement e) {
        if (!"domain".equals(e.name())) {
            throw new XmlParseException("expected <domain>, got <" + e.name() + ">");
        }
        try {
            XmlElement current = e.child("currentMemory");
            return new Domain(XmlEnum.fromXml(DomainType.class, e.requireAttr("type"), "domain type"),
                    e.intAttr("id"), e.childText("name"), Uuids.parse(e.childText("uuid")), e.childText("title"),
                    e.childText("description"), e.mapChild("metadata", DomainMetadata::fromXml),
                    Sizes.kib(e.requireChild("memory")), current == null ? null : Sizes.kib(current),
                    Vcpu.fromXml(e.requireChild("vcpu")), e.mapChild("cpu", Cpu::fromXml),
                    Os.fromXml(e.requireChild("os")), e.mapChild("features", Features::fromXml),
                    e.mapChild("clock", Clock::fromXml), lifecycle(e, "on_poweroff"), lifecycle(e, "on_reboot"),
                    lifecycle(e, "on_crash"), e.mapChild("devices", Devices::fromXml));
        } catch (IllegalArgumentException invalid) {
            throw new XmlParseException("invalid domain XML: " + invalid.getMessage(), invalid);
        }
    }

    private static LifecycleAction lifecycle(XmlElement e, String element) {
        String value = e.childText(element);
        return XmlEnum.fromXml(LifecycleAction.class, value == null ? null : value.trim(), element);
    }

    /** Collects domain fields; {@link #build()} validates them all at once. */
    public static final class Builder {
        private DomainType type = DomainType.KVM;
        private Integer id;
        private String name;
        private UUID uuid;
        private String title;
        private String description;
        private DomainMetadata metadata;
        private long memoryKib;
        private Long currentMemoryKib;
        private Vcpu vcpu;
        private Cpu cpu;
        private Os os;
        private Features features;
        private Clock clock;
        private LifecycleAction onPoweroff;
        private LifecycleAction onReboot;
        private LifecycleAction onCrash;
        private Devices devices;

        public Builder type(DomainType value) { this.type = value; return this; }
        public Builder id(Integer value) { this.id = value; return this; }
        public Builder name(String value) { this.name = value; return this; }
        public Builder uuid(UUID value) { this.uuid = value; return this; }
        public Builder title(String value) { this.title = value; return this; }
        public Builder description(String value) { this.description = value; return this; }
        public Builder metadata(DomainMetadata value) { this.metadata = value; return this; }
        public Builder memoryKib(long value) { this.memoryKib = value; return this; }
        public Builder currentMemoryKib(Long value) { this.currentMemoryKib = value; return this; }
        public Builder vcpu(Vcpu value) { this.vcpu = value; return this; }
        public Builder vcpus(int count) { this.vcpu = Vcpu.of(count); return this; }
        public Builder cpu(Cpu value) { this.cpu = value; return this; }
        public Builder os(Os value) { this.os = value; return this; }
        public Builder features(Features value) { this.features = value; return this; }
        public Builder clock(Clock value) { this.clock = value; return this; }
        public Builder onPoweroff(LifecycleAction value) { this.onPoweroff = value; return this; }
        public Builder onReboot(LifecycleAction value) { this.onReboot = value; return this; }
        public Builder onCrash(LifecycleAction value) { this.onCrash = value; return this; }
        public Builder devices(Devices value) { this.devices = value; return this; }

        public Domain build() {
            return new Domain(type, id, name, uuid, title, description, metadata, memoryKib, currentMemoryKib,
                    vcpu, cpu, os, features, clock, onPoweroff, onReboot, onCrash, devices);
        }
    }
}
