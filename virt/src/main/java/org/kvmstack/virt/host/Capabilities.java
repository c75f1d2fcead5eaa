package org.kvmstack.virt.host;

import java.util.List;
import java.util.Map;
import org.kvmstack.virt.VirtConnection;

/**
 * The parts of libvirt's host capabilities ({@code virsh capabilities}) that placement and domain building use.
 */
public record Capabilities(Host host, List<Guest> guests) {

    /** Reads and parses the capabilities of the host behind {@code conn}. */
    public static Capabilities of(VirtConnection conn) {
        return CapabilitiesParser.parse(conn.capabilitiesXml());
    }

    /**
     * @param cpuModel host CPU model name, null when libvirt does not report one (e.g. the test driver)
     * @param topology null when not reported
     * @param cells NUMA cells; empty when libvirt reports none
     */
    public record Host(String uuid, String arch, String cpuModel, String cpuVendor, CpuTopology topology,
                       List<String> cpuFeatures, List<NumaCell> cells) {
    }

    public record CpuTopology(int sockets, int dies, int cores, int threads) {
    }

    /** @param distances distance to each cell id (10 = local) */
    public record NumaCell(int id, long memoryKiB, List<Cpu> cpus, Map<Integer, Integer> distances) {
        public List<Integer> cpuIds() {
            return cpus.stream().map(Cpu::id).toList();
        }
    }

    /** @param siblings the CPU ids sharing this CPU's core (hyper-threads), itself included */
    public record Cpu(int id, int socketId, int coreId, List<Integer> siblings) {
    }

    /**
     * One {@code <guest>}: an OS type on an architecture.
     *
     * @param emulator default emulator path, may be null
     */
    public record Guest(String osType, String arch, int wordSize, String emulator, List<Machine> machines,
                        List<GuestDomain> domainTypes) {
        public boolean supports(String domainType) {
            return domainTypes.stream().anyMatch(d -> d.type().equals(domainType));
        }
    }

    /** @param canonical the versioned machine this alias stands for, or null */
    public record Machine(String name, String canonical, int maxCpus) {
    }

    /** @param emulator an emulator specific to this domain type, or null to use the guest's */
    public record GuestDomain(String type, String emulator) {
    }

    /** True when some guest of {@code osType} on {@code arch} can run with domain type {@code domainType}. */
    public boolean supports(String osType, String arch, String domainType) {
        return guests.stream().anyMatch(g -> g.osType().equals(osType) && g.arch().equals(arch)
                && g.supports(domainType));
    }
}
