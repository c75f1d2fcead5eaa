package org.kvmstack.virt.xml.domain;

import java.util.ArrayList;
import java.util.List;
import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.XmlElement;

/**
 * {@code <devices>}. Device kinds not modelled here (input, sound, usb redirection, pci hostdev ...) are dropped
 * when parsing: the models describe what kvmstack creates and inspects, not every device libvirt knows.
 */
public record Devices(String emulator, List<Disk> disks, List<Controller> controllers,
                      List<NetInterface> interfaces, List<VncGraphics> graphics, List<CharDevice> serials,
                      List<CharDevice> consoles, List<CharDevice> channels, List<Video> videos,
                      MemBalloon memBalloon, List<Rng> rngs) {
    public Devices {
        disks = Checks.copy(disks);
        controllers = Checks.copy(controllers);
        interfaces = Checks.copy(interfaces);
        graphics = Checks.copy(graphics);
        serials = Checks.copy(serials);
        consoles = Checks.copy(consoles);
        channels = Checks.copy(channels);
        videos = Checks.copy(videos);
        rngs = Checks.copy(rngs);
        requireKind(serials, "serial");
        requireKind(consoles, "console");
        requireKind(channels, "channel");
        List<String> targets = new ArrayList<>();
        for (Disk disk : disks) {
            if (targets.contains(disk.targetDev())) {
                throw new IllegalArgumentException("two disks use target dev " + disk.targetDev());
            }
            targets.add(disk.targetDev());
        }
    }

    private static void requireKind(List<CharDevice> devices, String kind) {
        for (CharDevice device : devices) {
            if (!device.kind().equals(kind)) {
                throw new IllegalArgumentException("a <" + device.kind() + "> was given where <" + kind + "> belongs");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public XmlElement toXml() {
        return XmlElement.builder("devices").textChild("emulator", emulator)
                .children(disks.stream().map(Disk::toXml).toList())
                .children(controllers.stream().map(Controller::toXml).toList())
                .children(interfaces.stream().map(NetInterface::toXml).toList())
                .children(serials.stream().map(CharDevice::toXml).toList())
                .children(consoles.stream().map(CharDevice::toXml).toList())
                .children(channels.stream().map(CharDevice::toXml).toList())
                .children(graphics.stream().map(VncGraphics::toXml).toList())
                .children(videos.stream().map(Video::toXml).toList())
                .child(memBalloon == null ? null : memBalloon.toXml())
                .children(rngs.stream().map(Rng::toXml).toList())
                .build();
    }

    public static Devices fromXml(XmlElement e) {
        String emulator = e.childText("emulator");
        return new Devices(emulator == null ? null : emulator.trim(), e.mapChildren("disk", Disk::fromXml),
                e.mapChildren("controller", Controller::fromXml), e.mapChildren("interface", NetInterface::fromXml),
                e.children("graphics").stream().filter(g -> "vnc".equals(g.attr("type")))
                        .map(VncGraphics::fromXml).toList(),
                e.mapChildren("serial", CharDevice::fromXml), e.mapChildren("console", CharDevice::fromXml),
                e.mapChildren("channel", CharDevice::fromXml), e.mapChildren("video", Video::fromXml),
                e.mapChild("memballoon", MemBalloon::fromXml), e.mapChildren("rng", Rng::fromXml));
    }

    /** Collects devices in the order they should appear to the guest. */
    public static final class Builder {
        private String emulator;
        private final List<Disk> disks = new ArrayList<>();
        private final List<Controller> controllers = new ArrayList<>();
        private final List<NetInterface> interfaces = new ArrayList<>();
        private final List<VncGraphics> graphics = new ArrayList<>();
        private final List<CharDevice> serials = new ArrayList<>();
        private final List<CharDevice> consoles = new ArrayList<>();
        private final List<CharDevice> channels = new ArrayList<>();
        private final List<Video> videos = new ArrayList<>();
        private MemBalloon memBalloon;
        private final List<Rng> rngs = new ArrayList<>();

        public Builder emulator(String path) {
            this.emulator = path;
            return this;
        }

        public Builder disk(Disk disk) {
            disks.add(disk);
            return this;
        }

        public Builder controller(Controller controller) {
            controllers.add(controller);
            return this;
        }

        public Builder netInterface(NetInterface netInterface) {
            interfaces.add(netInterface);
            return this;
        }

        public Builder graphics(VncGraphics vnc) {
            graphics.add(vnc);
            return this;
        }

        /** Adds a serial, console or channel device to the list its kind belongs to. */
        public Builder charDevice(CharDevice device) {
            switch (device.kind()) {
                case "serial" -> serials.add(device);
                case "console" -> consoles.add(device);
                default -> channels.add(device);
            }
            return this;
        }

        public Builder video(Video video) {
            videos.add(video);
            return this;
        }

        public Builder memBalloon(MemBalloon balloon) {
            this.memBalloon = balloon;
            return this;
        }

        public Builder rng(Rng rng) {
            rngs.add(rng);
            return this;
        }

        public Devices build() {
            return new Devices(emulator, disks, controllers, interfaces, graphics, serials, consoles, channels,
                    videos, memBalloon, rngs);
        }
    }
}
