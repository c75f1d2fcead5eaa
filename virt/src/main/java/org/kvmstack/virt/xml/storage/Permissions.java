package org.kvmstack.virt.xml.storage;

import org.kvmstack.virt.xml.XmlElement;

/**
 * {@code <permissions><mode>0711</mode><owner>0</owner><group>0</group><label>...</label></permissions>} of a
 * pool or volume target. mode is octal text; owner and group are numeric ids; all optional.
 */
public record Permissions(String mode, Long owner, Long group, String label) {
    public Permissions {
        if (mode != null && !mode.matches("0?[0-7]{3,4}")) {
            throw new IllegalArgumentException("permissions mode must be octal like 0755, got '" + mode + "'");
        }
        if (owner != null && owner < -1 || group != null && group < -1) {
            throw new IllegalArgumentException("permissions owner/group must be numeric ids (or -1 for default)");
        }
    }

    public XmlElement toXml() {
        return XmlElement.builder("permissions").textChild("mode", mode).textChild("owner", owner)
                .textChild("group", group).textChild("label", label).build();
    }

    public static Permissions fromXml(XmlElement e) {
        String mode = e.childText("mode");
        return new Permissions(mode == null ? null : mode.trim(), e.childLong("owner"), e.childLong("group"),
                e.childText("label"));
    }
}
