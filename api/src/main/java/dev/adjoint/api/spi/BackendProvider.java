package dev.adjoint.api.spi;

/**
 * Makes a {@link Backend} known to {@link java.util.ServiceLoader}. Implementations must be cheap to
 * construct and must never throw from {@link #availability()}: a backend whose runtime or device is
 * missing reports itself unavailable with the reason.
 */
public interface BackendProvider {
    /** The name users select with {@code -Dadjoint.backend=NAME}, e.g. {@code reference}. */
    String name();

    /** Higher wins when no backend is named. The reference backend has priority 0. */
    int priority();

    /** Whether the backend can run here, and why not. */
    Availability availability();

    /** Creates the backend; called at most once per process by {@code Backends}. */
    Backend create();

    /** Whether a backend can run on this machine; {@code detail} says why not, or describes the device. */
    record Availability(boolean available, String detail) {
        public static Availability yes(String detail) {
            return new Availability(true, detail);
        }

        public static Availability no(String reason) {
            return new Availability(false, reason);
        }
    }
}
