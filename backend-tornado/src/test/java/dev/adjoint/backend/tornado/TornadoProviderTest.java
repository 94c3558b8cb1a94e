package dev.adjoint.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.api.Backends;
import dev.adjoint.api.spi.BackendProvider;
import org.junit.jupiter.api.Test;

/** The provider under TornadoVM's JVM flags: available, naming the device, and found by name. */
class TornadoProviderTest {
    @Test
    void availableWithTheDeviceNamed() {
        BackendProvider.Availability a = new TornadoProvider().availability();
        assertTrue(a.available(), a.detail());
        assertTrue(a.detail().contains("float"), a.detail());
    }

    @Test
    void selectedByName() {
        assertEquals(TornadoProvider.NAME, Backends.byName("tornado").name());
    }

    @Test
    void fullPrecisionMathIsRequestedUnlessTheUserChoseOtherwise() {
        new TornadoProvider().availability();
        assertEquals("False", System.getProperty("tornado.enable.nativeFunctions"));
    }
}
