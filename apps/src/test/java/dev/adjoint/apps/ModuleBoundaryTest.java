package dev.adjoint.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * physics, nn, optim and diffusion meet only through {@code dev.adjoint.api}: their compiled module descriptors
 * may require no other Adjoint module.
 */
class ModuleBoundaryTest {
    private static final String API = "dev.adjoint.api";

    /** The {@code dev.adjoint.*} modules other than the api that {@code descriptor} requires. */
    static List<String> forbiddenRequires(ModuleDescriptor descriptor) {
        return descriptor.requires().stream()
                .map(ModuleDescriptor.Requires::name)
                .filter(n -> n.startsWith("dev.adjoint.") && !n.equals(API))
                .sorted()
                .toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev.adjoint.physics", "dev.adjoint.nn", "dev.adjoint.optim", "dev.adjoint.diffusion"})
    void siblingModulesRequireOnlyTheApi(String module) {
        ModuleDescriptor descriptor = descriptor(module)
                .orElseThrow(() -> new AssertionError(module + " is neither in the boot layer nor on the test's "
                        + "module path or class path"));

        assertThat(forbiddenRequires(descriptor)).as("Adjoint modules required by %s", module).isEmpty();
        assertThat(descriptor.requires()).extracting(ModuleDescriptor.Requires::name).contains(API);
    }

    @Test
    void checkerFlagsASiblingRequirement() {
        ModuleDescriptor crafted = ModuleDescriptor.newModule("x")
                .requires(API)
                .requires("dev.adjoint.nn")
                .requires(java.util.Set.of(ModuleDescriptor.Requires.Modifier.TRANSITIVE), "dev.adjoint.physics")
                .requires("java.logging")
                .build();

        assertThat(forbiddenRequires(crafted)).containsExactly("dev.adjoint.nn", "dev.adjoint.physics");
    }

    @Test
    void checkerAcceptsTheApiAlone() {
        ModuleDescriptor crafted = ModuleDescriptor.newModule("x").requires(API).build();

        assertThat(forbiddenRequires(crafted)).isEmpty();
    }

    /** From the boot layer when the tests run on the module path, else from the jars and folders the JVM got. */
    private static Optional<ModuleDescriptor> descriptor(String module) {
        Optional<ModuleDescriptor> booted = ModuleLayer.boot().findModule(module).map(Module::getDescriptor);
        if (booted.isPresent()) {
            return booted;
        }
        Path[] entries = Stream.of("jdk.module.path", "java.class.path")
                .map(System::getProperty)
                .filter(p -> p != null && !p.isEmpty())
                .flatMap(p -> Stream.of(p.split(File.pathSeparator)))
                .map(Path::of)
                .toArray(Path[]::new);
        return ModuleFinder.of(entries).find(module).map(ModuleReference::descriptor);
    }
}
