package dev.adjoint.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.adjoint.api.reference.ReferenceBackend;
import dev.adjoint.api.spi.Backend;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Backend discovery, selection by property, errors that list what is available, and thread-local scopes. */
class BackendsTest {

    /** Runs {@code body} with the selection property set to {@code value} (cleared when null), then restores it. */
    private static void withProperty(String value, Runnable body) {
        String previous = System.getProperty(Backends.PROPERTY);
        try {
            if (value == null) {
                System.clearProperty(Backends.PROPERTY);
            } else {
                System.setProperty(Backends.PROPERTY, value);
            }
            body.run();
        } finally {
            if (previous == null) {
                System.clearProperty(Backends.PROPERTY);
            } else {
                System.setProperty(Backends.PROPERTY, previous);
            }
        }
    }

    @Test
    void theReferenceProviderIsDiscoveredAndAvailable() {
        assertThat(Backends.providers()).anySatisfy(p -> {
            assertThat(p.name()).isEqualTo("reference");
            assertThat(p.available()).isTrue();
            assertThat(p.priority()).isZero();
        });
    }

    @Test
    void withoutPropertyOrEnvironmentTheHighestPriorityBackendIsCurrent() {
        assumeTrue(System.getenv(Backends.ENVIRONMENT) == null, "ADJOINT_BACKEND is set in this environment");
        withProperty(null, () -> {
            Backends.Selection s = Backends.selection();
            assertThat(s.backend().name()).isEqualTo("reference");
            assertThat(s.reason()).contains("highest priority");
            assertThat(Backends.current()).isSameAs(s.backend());
        });
    }

    @Test
    void byNameIsCaseInsensitiveAndCreatesOneInstance() {
        Backend b = Backends.byName("reference");
        assertThat(b.name()).isEqualTo("reference");
        assertThat(Backends.byName("REFERENCE")).isSameAs(b);
    }

    @Test
    void unknownNamesListTheAvailableBackends() {
        assertThatThrownBy(() -> Backends.byName("nope"))
                .isInstanceOf(BackendNotFoundException.class)
                .hasMessageContaining("'nope'")
                .hasMessageContaining("reference");
    }

    @Test
    void thePropertySelectsTheBackend() {
        withProperty("reference", () -> {
            Backends.Selection s = Backends.selection();
            assertThat(s.backend().name()).isEqualTo("reference");
            assertThat(s.reason()).contains("-Dadjoint.backend=reference");
            assertThat(Tensor.zeros(1).backend().name()).isEqualTo("reference");
        });
        withProperty("  Reference ", () -> assertThat(Backends.current().name()).isEqualTo("reference"));
    }

    @Test
    void anUnknownPropertyValueFailsWhenABackendIsNeeded() {
        withProperty("nope", () -> {
            assertThatThrownBy(Backends::current).isInstanceOf(BackendNotFoundException.class)
                    .hasMessageContaining("nope").hasMessageContaining("reference");
            assertThatThrownBy(() -> Tensor.zeros(2)).isInstanceOf(BackendNotFoundException.class);
        });
    }

    @Test
    void scopesOverrideTheCurrentBackendAndNest() {
        Backend outer = new ReferenceBackend();
        Backend inner = new ReferenceBackend();
        Backend before = Backends.current();
        try (Backends.Scope _ = Backends.use(outer)) {
            assertThat(Backends.current()).isSameAs(outer);
            assertThat(Tensor.zeros(2).backend()).isSameAs(outer);
            try (Backends.Scope _ = Backends.use(inner)) {
                assertThat(Backends.current()).isSameAs(inner);
                assertThat(Tensor.arange(3).backend()).isSameAs(inner);
            }
            assertThat(Backends.current()).isSameAs(outer);
        }
        assertThat(Backends.current()).isSameAs(before);
    }

    @Test
    void scopesAreThreadLocal() throws InterruptedException {
        Backend mine = new ReferenceBackend();
        AtomicReference<Backend> seen = new AtomicReference<>();
        try (Backends.Scope _ = Backends.use(mine)) {
            Thread t = new Thread(() -> seen.set(Backends.current()));
            t.start();
            t.join();
        }
        assertThat(seen.get()).isNotNull().isNotSameAs(mine);
    }

    @Test
    void opsRunOnTheBackendOfTheirInputsNotTheCurrentOne() {
        Tensor x = Tensor.of(new float[] {1, 2});
        Backend other = new ReferenceBackend();
        try (Backends.Scope _ = Backends.use(other)) {
            assertThat(x.add(x).backend()).isSameAs(x.backend());
            assertThat(x.add(1).backend()).isSameAs(x.backend());
        }
    }
}
