package org.kvmstack.virt.xml.nwfilter;

import java.util.Set;
import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.XmlElement;
import org.kvmstack.virt.xml.XmlParseException;

/**
 * {@code <rule action='accept' direction='in' priority='500'><tcp dstportstart='22'/></rule>}: one protocol
 * match (null matches all traffic in the filter's chain). priority -1000..1000 and statematch optional.
 */
public record FilterRule(String action, String direction, Integer priority, Boolean statematch, RuleMatch match)
        implements NwFilterEntry {
    private static final Set<String> ACTIONS = Set.of("drop", "reject", "accept", "return", "continue");
    private static final Set<String> DIRECTIONS = Set.of("in", "out", "inout");

    public FilterRule {
        if (!ACTIONS.contains(action)) {
            throw new IllegalArgumentException("rule action must be one of " + ACTIONS + ", got '" + action + "'");
        }
        if (!DIRECTIONS.contains(direction)) {
            throw new IllegalArgumentException("rule direction must be one of " + DIRECTIONS + ", got '" + direction + "'");
        }
        if (priority != null && (priority < -1000 || priority > 1000)) {
            throw new IllegalArgumentException("rule priority must be -1000..1000, got " + priority);
        }
    }

    public static FilterRule of(String action, String direction, Integer priority, RuleMatch match) {
        return new FilterRule(action, direction, priority, null, Checks.requireNonNull(match, "rule match"));
    }

    @Override
    public XmlElement toXml() {
        XmlElement.Builder b = XmlElement.builder("rule").attr("action", action).attr("direction", direction)
                .attr("priority", priority);
        if (statematch != null) {
            b.attr("statematch", statematch ? "true" : "false");
        }
        return b.child(match == null ? null : match.toXml()).build();
    }

    public static FilterRule fromXml(XmlElement e) {
        if (e.children().size() > 1) {
            throw new XmlParseException("a <rule> holds one protocol element, got " + e.children().size());
        }
        String statematch = e.attr("statematch");
        return new FilterRule(e.requireAttr("action"), e.requireAttr("direction"), e.intAttr("priority"),
                statematch == null ? null : !("false".equals(statematch) || "0".equals(statematch)),
                e.children().isEmpty() ? null : RuleMatch.fromXml(e.children().get(0)));
    }
}
