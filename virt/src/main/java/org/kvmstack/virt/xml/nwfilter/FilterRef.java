package org.kvmstack.virt.xml.nwfilter;

import java.util.List;
import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.XmlElement;

/**
 * {@code <filterref filter='clean-traffic'><parameter .../></filterref>}: a reference to a named nwfilter with
 * variable values, used both inside a domain's {@code <interface>} and inside another filter.
 */
public record FilterRef(String filter, List<FilterParameter> parameters) implements NwFilterEntry {
    public FilterRef {
        Checks.requireNonBlank(filter, "filterref filter name");
        parameters = Checks.copy(parameters);
    }

    public static FilterRef of(String filter, FilterParameter... parameters) {
        return new FilterRef(filter, List.of(parameters));
    }

    @Override
    public XmlElement toXml() {
        return XmlElement.builder("filterref").attr("filter", filter)
                .children(parameters.stream().map(FilterParameter::toXml).toList()).build();
    }

    public static FilterRef fromXml(XmlElement element) {
        return new FilterRef(element.requireAttr("filter"), element.mapChildren("parameter", FilterParameter::fromXml));
    }
}
