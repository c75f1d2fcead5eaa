package org.kvmstack.virt.xml.nwfilter;

import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.XmlElement;

/** {@code <parameter name='IP' value='10.0.0.5'/>}: one value of a filter variable (a name may repeat). */
public record FilterParameter(String name, String value) {
    public FilterParameter {
        Checks.requireNonBlank(name, "filter parameter name");
        Checks.requireNonNull(value, "value of filter parameter " + name);
    }

    public XmlElement toXml() {
        return XmlElement.builder("parameter").attr("name", name).attr("value", value).build();
    }

    public static FilterParameter fromXml(XmlElement element) {
        return new FilterParameter(element.requireAttr("name"), element.requireAttr("value"));
    }
}
