package org.kvmstack.virt.xml.domain;

import java.util.List;
import org.kvmstack.virt.xml.Checks;
import org.kvmstack.virt.xml.XmlElement;
import org.kvmstack.virt.xml.XmlEnum;

/**
 * {@code <cpu>}: mode, optional match/check, model (with fallback), topology, features and guest NUMA cells.
 * Every component but the lists is optional (null).
 */
public record Cpu(CpuMode mode, String match, String check, String model, String modelFallback,
                  CpuTopology topology, List<CpuFeature> features, List<NumaCell> numaCells) {
    public Cpu {
        features = Checks.copy(features);
        numaCells = Checks.copy(numaCells);
        if (model != null && model.isBlank()) {
            throw new IllegalArgumentException("CPU model must not be blank when given");
        }
    }

    public static Cpu hostPassthrough(CpuTopology topology) {
        return new Cpu(CpuMode.HOST_PASSTHROUGH, null, null, null, null, topology, null, null);
    }

    public static Cpu custom(String model, CpuTopology topology) {
        return new Cpu(CpuMode.CUSTOM, "exact", null, model, null, topology, null, null);
    }

    public Cpu withNumaCells(List<NumaCell> cells) {
        return new Cpu(mode, match, check, model, modelFallback, topology, features, cells);
    }

    public XmlElement toXml() {
        XmlElement.Builder b = XmlElement.builder("cpu").attr("mode", XmlEnum.toXml(mode)).attr("match", match)
                .attr("check", check);
        if (model != null) {
            b.child(XmlElement.builder("model").attr("fallback", modelFallback).text(model).build());
        }
        b.child(topology == null ? null : topology.toXml());
        b.children(features.stream().map(CpuFeature::toXml).toList());
        if (!numaCells.isEmpty()) {
            b.child(XmlElement.builder("numa").children(numaCells.stream().map(NumaCell::toXml).toList()).build());
        }
        return b.build();
    }

    public static Cpu fromXml(XmlElement e) {
        XmlElement model = e.child("model");
        XmlElement numa = e.child("numa");
        return new Cpu(XmlEnum.fromXml(CpuMode.class, e.attr("mode"), "cpu mode"), e.attr("match"), e.attr("check"),
                model == null || model.text() == null ? null : model.text().trim(),
                model == null ? null : model.attr("fallback"),
                e.mapChild("topology", CpuTopology::fromXml), e.mapChildren("feature", CpuFeature::fromXml),
                numa == null ? List.of() : numa.mapChildren("cell", NumaCell::fromXml));
    }
}
