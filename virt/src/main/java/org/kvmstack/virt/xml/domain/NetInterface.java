package org.kvmstack.virt.xml.domain;

import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.MacAddress;
import org.kvmstack.virt.xml.XmlElement;
import org.kvmstack.virt.xml.XmlEnum;
import org.kvmstack.virt.xml.nwfilter.FilterRef;

/**
 * {@code <interface>}: a NIC on a libvirt network or host bridge. {@code source} is the network name or bridge
 * name (by {@code type}); {@code targetDev} is the host tap device, which a running domain reports (e.g. vnet3).
 * All but {@code type} optional; libvirt generates a MAC when none is given.
 */
public record NetInterface(InterfaceType type, MacAddress mac, String source, String model, FilterRef filterRef,
                           String targetDev, Integer bootOrder) {
    public NetInterface {
        Checks.requireNonNull(type, "interface type");
        Checks.requirePositive(bootOrder, "interface boot order");
        if ((type == InterfaceType.NETWORK || type == InterfaceType.BRIDGE) && (source == null || source.isBlank())) {
            throw new IllegalArgumentException("an interface of type " + type.xmlValue() + " needs a source "
                    + sourceAttribute(type) + " name");
        }
    }

    public static NetInterface network(String network, MacAddress mac, String model) {
        return new NetInterface(InterfaceType.NETWORK, mac, network, model, null, null, null);
    }

    public static NetInterface bridge(String bridge, MacAddress mac, String model) {
        return new NetInterface(InterfaceType.BRIDGE, mac, bridge, model, null, null, null);
    }

    public NetInterface withFilterRef(FilterRef ref) {
        return new NetInterface(type, mac, source, model, ref, targetDev, bootOrder);
    }

    public NetInterface withTargetDev(String dev) {
        return new NetInterface(type, mac, source, model, filterRef, dev, bootOrder);
    }

    public NetInterface withBootOrder(Integer order) {
        return new NetInterface(type, mac, source, model, filterRef, targetDev, order);
    }

    private static String sourceAttribute(InterfaceType type) {
        return switch (type) {
            case NETWORK -> "network";
            case BRIDGE -> "bridge";
            case DIRECT -> "dev";
            default -> null;
        };
    }

    public XmlElement toXml() {
        String sourceAttr = sourceAttribute(type);
        return XmlElement.builder("interface").attr("type", type.xmlValue())
                .child(mac == null ? null : XmlElement.builder("mac").attr("address", mac).build())
                .child(source == null || sourceAttr == null ? null
                        : XmlElement.builder("source").attr(sourceAttr, source).build())
                .child(targetDev == null ? null : XmlElement.builder("target").attr("dev", targetDev).build())
                .child(model == null ? null : XmlElement.builder("model").attr("type", model).build())
                .child(filterRef == null ? null : filterRef.toXml())
                .child(bootOrder == null ? null : XmlElement.builder("boot").attr("order", bootOrder).build())
                .build();
    }

    public static NetInterface fromXml(XmlElement e) {
        InterfaceType type = XmlEnum.fromXml(InterfaceType.class, e.requireAttr("type"), "interface type");
        String mac = e.childAttr("mac", "address");
        String sourceAttr = sourceAttribute(type);
        XmlElement boot = e.child("boot");
        return new NetInterface(type, mac == null ? null : new MacAddress(mac),
                sourceAttr == null ? null : e.childAttr("source", sourceAttr),
                e.childAttr("model", "type"), e.mapChild("filterref", FilterRef::fromXml),
                e.childAttr("target", "dev"), boot == null ? null : boot.intAttr("order"));
    }
}
