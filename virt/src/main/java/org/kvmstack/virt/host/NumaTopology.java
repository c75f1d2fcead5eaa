package org.kvmstack.virt.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kvmstack.virt.VirtConnection;
import org.kvmstack.virt.VirtException;

/**
 * A host's NUMA cells with their CPUs, total and free memory and distances: what {@code numactl --hardware} shows.
 *
 * @param source where the cell layout came from: libvirt's capabilities, or (when a driver reports no cells, like
 *               the test driver with a custom host file) derived from node info by splitting CPUs and memory evenly
 */
public record NumaTopology(Source source, List<Cell> cells) {
    public enum Source { CAPABILITIES, NODE_INFO }

    /**
     * @param freeKiB free memory, or -1 when the driver cannot say (a simulated host without cells)
     * @param distances to each cell id; empty when libvirt does not report distances
     */
    public record Cell(int id, List<Integer> cpus, long totalKiB, long freeKiB, Map<Integer, Integer> distances) {
    }

    /** Reads capabilities, node info and per-cell free memory of the host behind {@code conn}. */
    public static NumaTopology of(VirtConnection conn) {
        Capabilities caps = Capabilities.of(conn);
        List<Capabilities.NumaCell> capCells = caps.host().cells();
        if (!capCells.isEmpty()) {
            int first = capCells.stream().mapToInt(Capabilities.NumaCell::id).min().orElse(0);
            long[] free = conn.cellsFreeMemory(first, capCells.size());
            List<Cell> cells = new ArrayList<>();
            for (Capabilities.NumaCell c : capCells) {
                int index = c.id() - first;
                long freeKiB = index < free.length ? free[index] / 1024 : 0;
                cells.add(new Cell(c.id(), c.cpuIds(), c.memoryKiB(), freeKiB, c.distances()));
            }
            return new NumaTopology(Source.CAPABILITIES, List.copyOf(cells));
        }
        long freeKiB;
        try {
            freeKiB = conn.freeMemory() / 1024;
        } catch (VirtException e) {
            // Only drivers that simulate a host fail here (no cells, so no free memory to report).
            freeKiB = -1;
        }
        return derived(conn.nodeInfo(), freeKiB);
    }

    /** Cells split evenly from node info, for drivers that report no NUMA layout. */
    static NumaTopology derived(NodeInfo node, long freeKiB) {
        int n = Math.max(1, node.numaCells());
        int cpusPerCell = node.cpus() / n;
        List<Cell> cells = new ArrayList<>();
        for (int id = 0; id < n; id++) {
            List<Integer> cpus = new ArrayList<>();
            int last = id == n - 1 ? node.cpus() : (id + 1) * cpusPerCell;
            for (int cpu = id * cpusPerCell; cpu < last; cpu++) {
                cpus.add(cpu);
            }
            Map<Integer, Integer> distances = new TreeMap<>();
            for (int other = 0; other < n; other++) {
                distances.put(other, other == id ? 10 : 20);
            }
            cells.add(new Cell(id, List.copyOf(cpus), node.memoryKiB() / n, freeKiB < 0 ? -1 : freeKiB / n,
                    Map.copyOf(distances)));
        }
        return new NumaTopology(Source.NODE_INFO, List.copyOf(cells));
    }

    public long totalKiB() {
        return cells.stream().mapToLong(Cell::totalKiB).sum();
    }

    public long freeKiB() {
        return cells.stream().mapToLong(Cell::freeKiB).anyMatch(f -> f < 0) ? -1
                : cells.stream().mapToLong(Cell::freeKiB).sum();
    }

    /** The text {@code numactl --hardware} prints for this layout (sizes in MiB, as numactl does). */
    public String toNumactlText() {
        StringBuilder out = new StringBuilder();
        List<Integer> ids = cells.stream().map(Cell::id).toList();
        out.append("available: ").append(cells.size()).append(" nodes (")
                .append(ids.isEmpty() ? "" : ids.get(0) + (ids.size() > 1 ? "-" + ids.get(ids.size() - 1) : ""))
                .append(")\n");
        for (Cell c : cells) {
            out.append("node ").append(c.id()).append(" cpus:");
            c.cpus().forEach(cpu -> out.append(' ').append(cpu));
            out.append('\n');
            out.append("node ").append(c.id()).append(" size: ").append(c.totalKiB() / 1024).append(" MB\n");
            out.append("node ").append(c.id()).append(" free: ")
                    .append(c.freeKiB() < 0 ? "unknown" : c.freeKiB() / 1024 + " MB").append('\n');
        }
        out.append("node distances:\n");
        out.append("node ");
        ids.forEach(id -> out.append(String.format("%4d", id)));
        out.append('\n');
        for (Cell c : cells) {
            out.append(String.format("%3d: ", c.id()));
            ids.forEach(id -> out.append(String.format("%4d", c.distances().getOrDefault(id, 0))));
            out.append('\n');
        }
        return out.toString();
    }
}
