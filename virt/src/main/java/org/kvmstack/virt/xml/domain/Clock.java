package org.kvmstack.virt.xml.domain;

import java.util.List;
import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.XmlElement;

/** {@code <clock offset='utc'>} with its timers. */
public record Clock(String offset, List<Timer> timers) {
    public Clock {
        Checks.requireNonBlank(offset, "clock offset");
        timers = Checks.copy(timers);
    }

    public static Clock utc(Timer... timers) {
        return new Clock("utc", List.of(timers));
    }

    public XmlElement toXml() {
        return XmlElement.builder("clock").attr("offset", offset)
                .children(timers.stream().map(Timer::toXml).toList()).build();
    }

    public static Clock fromXml(XmlElement e) {
        return new Clock(e.requireAttr("offset"), e.mapChildren("timer", Timer::fromXml));
    }
}
