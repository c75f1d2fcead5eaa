package org.kvmstack.virt.xml.domain;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.Uuids;
import org.kvmstack.virt.xml.XmlElement;
import org.kvmstack.virt.xml.XmlParseException;

/**
 * kvmstack's own facts about a domain, kept in {@code <metadata>} under {@link #NAMESPACE} so that a host alone
 * says which instance, project, flavor and image a domain belongs to:
 * <pre>{@code
 * <kvmstack:instance xmlns:kvmstack="https://kvmstack.org/xmlns/instance/1">
 *   <kvmstack:uuid>...</kvmstack:uuid><kvmstack:project>...</kvmstack:project>
 *   <kvmstack:flavor>...</kvmstack:flavor><kvmstack:image>...</kvmstack:image>
 *   <kvmstack:created>2026-11-26T09:00:00Z</kvmstack:created>
 * </kvmstack:instance>}</pre>
 * Only the instance UUID is required.
 */
public record InstanceMetadata(UUID instanceUuid, String project, String flavor, String image, Instant created) {
    public static final String NAMESPACE = "https://kvmstack.org/xmlns/instance/1";
    static final String PREFIX = "kvmstack";
    static final String ELEMENT = "instance";

    public InstanceMetadata {
        Checks.requireNonNull(instanceUuid, "instance uuid in kvmstack metadata");
    }

    public XmlElement toXml() {
        return XmlElement.builder(PREFIX + ":" + ELEMENT).attr("xmlns:" + PREFIX, NAMESPACE)
                .textChild(PREFIX + ":uuid", instanceUuid)
                .textChild(PREFIX + ":project", project)
                .textChild(PREFIX + ":flavor", flavor)
                .textChild(PREFIX + ":image", image)
                .textChild(PREFIX + ":created", created)
                .build();
    }

    /** True when {@code e} is our element, whatever prefix the document chose for our namespace. */
    static boolean isInstanceElement(XmlElement e) {
        String prefix = e.prefix();
        String declaration = prefix == null ? e.attr("xmlns") : e.attr("xmlns:" + prefix);
        return ELEMENT.equals(e.localName()) && NAMESPACE.equals(declaration);
    }

    static InstanceMetadata fromXml(XmlElement e) {
        String prefix = e.prefix() == null ? "" : e.prefix() + ":";
        String uuid = e.childText(prefix + "uuid");
        String created = e.childText(prefix + "created");
        try {
            return new InstanceMetadata(Uuids.parse(uuid), e.childText(prefix + "project"),
                    e.childText(prefix + "flavor"), e.childText(prefix + "image"),
                    created == null ? null : Instant.parse(created.trim()));
        } catch (DateTimeParseException ex) {
            throw new XmlParseException("kvmstack metadata 'created' is not an ISO-8601 instant: " + created, ex);
        }
    }
}
