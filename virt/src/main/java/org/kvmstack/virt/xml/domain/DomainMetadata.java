package org.kvmstack.virt.xml.domain;

import java.util.ArrayList;
import java.util.List;
import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.XmlElement;

/**
 * {@code <metadata>}: kvmstack's {@link InstanceMetadata} (null when absent) and any other application's elements,
 * kept verbatim so that rewriting a domain does not destroy what others stored there.
 */
public record DomainMetadata(InstanceMetadata instance, List<XmlElement> foreign) {
    public DomainMetadata {
        foreign = Checks.copy(foreign);
        for (XmlElement element : foreign) {
            if (InstanceMetadata.isInstanceElement(element)) {
                throw new IllegalArgumentException("kvmstack metadata belongs in 'instance', not among foreign elements");
            }
        }
    }

    public static DomainMetadata of(InstanceMetadata instance) {
        return new DomainMetadata(instance, List.of());
    }

    public boolean isEmpty() {
        return instance == null && foreign.isEmpty();
    }

    public XmlElement toXml() {
        return XmlElement.builder("metadata").child(instance == null ? null : instance.toXml()).children(foreign).build();
    }

    public static DomainMetadata fromXml(XmlElement e) {
        InstanceMetadata instance = null;
        List<XmlElement> foreign = new ArrayList<>();
        for (XmlElement child : e.children()) {
            if (InstanceMetadata.isInstanceElement(child)) {
                instance = InstanceMetadata.fromXml(child);
            } else {
                foreign.add(child);
            }
        }
        return new DomainMetadata(instance, foreign);
    }
}
