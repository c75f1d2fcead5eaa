package org.kvmstack.virt.xml.nwfilter;

import org.kvmstack.virt.xml.XmlElement;

/** One entry of a filter, in document order: a reference to another filter or a rule. */
public sealed interface NwFilterEntry permits FilterRef, FilterRule {
    XmlElement toXml();
}
