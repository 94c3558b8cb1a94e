package dev.adjoint.backend.vector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.api.Backends;
import org.junit.jupiter.api.Test;

/** With this module present (and the Vector API resolved), users get the vector backend by default. */
class VectorSelectionTest {
    @Test
    void theVectorBackendIsTheDefaultWhenPresent() {
        String saved = System.clearProperty(Backends.PROPERTY);
        try {
            if (System.getenv(Backends.ENVIRONMENT) == null) {
                assertThat(Backends.selection().backend().name()).isEqualTo(VectorProvider.NAME);
                assertThat(Backends.selection().reason()).contains("highest priority");
            }
            assertThat(Backends.providers()).extracting(Backends.ProviderInfo::name)
                    .containsSubsequence(VectorProvider.NAME, "reference");
        } finally {
            if (saved != null) {
                System.setProperty(Backends.PROPERTY, saved);
            }
        }
    }
}
