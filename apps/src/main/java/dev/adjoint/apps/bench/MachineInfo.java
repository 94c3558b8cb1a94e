package dev.adjoint.apps.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

/**
 * The machine a benchmark ran on: cores, CPU model, architecture, operating system, JVM and the Vector API's
 * preferred species.
 */
public record MachineInfo(int cores, String cpu, String arch, String os, String jvm, long maxHeapBytes,
        String floatSpecies, String doubleSpecies, String vectorThreads) {

    /** This JVM's machine. */
    public static MachineInfo current() {
        return new MachineInfo(
                Runtime.getRuntime().availableProcessors(),
                cpuModel(),
                System.getProperty("os.arch"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                        + System.getProperty("java.vendor") + ")",
                Runtime.getRuntime().maxMemory(),
                FloatVector.SPECIES_PREFERRED.toString(),
                DoubleVector.SPECIES_PREFERRED.toString(),
                System.getProperty("adjoint.vector.threads", "default (all cores)"));
    }

    /** The fields by name, for the JSON file. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", cores);
        m.put("cpu", cpu);
        m.put("os_arch", arch);
        m.put("os", os);
        m.put("jvm", jvm);
        m.put("max_heap_bytes", maxHeapBytes);
        m.put("float_species", floatSpecies);
        m.put("double_species", doubleSpecies);
        m.put("adjoint_vector_threads", vectorThreads);
        return m;
    }

    /** One line for the top of the printed table. */
    public String describe() {
        return cores + " cores, " + cpu + ", " + arch + ", " + os + "; " + jvm + "; vector species " + floatSpecies
                + " / " + doubleSpecies;
    }

    /** The "model name" of /proc/cpuinfo where there is one, else "unknown CPU". */
    private static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try (Stream<String> lines = Files.lines(cpuinfo)) {
                return lines.filter(l -> l.startsWith("model name"))
                        .map(l -> l.substring(l.indexOf(':') + 1).trim())
                        .findFirst().orElse("unknown CPU");
            } catch (IOException | java.io.UncheckedIOException e) {
                return "unknown CPU";
            }
        }
        return "unknown CPU";
    }
}
