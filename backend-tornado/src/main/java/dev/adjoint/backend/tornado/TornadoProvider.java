package dev.adjoint.backend.tornado;

import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.BackendProvider;
import java.lang.reflect.InvocationTargetException;

/**
 * Registers the {@code tornado} backend: kernels compiled by TornadoVM for its default device (an OpenCL GPU
 * or CPU). The availability probe never throws: it reports the backend unavailable, with the reason, when the
 * TornadoVM system properties are missing (the JVM was not started with TornadoVM's argfile), when the
 * TornadoVM runtime is not on the module path, or when TornadoVM finds no device. This class touches no
 * TornadoVM type; the classes that do are loaded by name only after the probe has passed.
 */
public final class TornadoProvider implements BackendProvider {
    /** The name of this backend. */
    public static final String NAME = "tornado";

    private static final String RUNTIME_PROPERTY = "tornado.load.runtime.implementation";
    private static final String NATIVE_MATH_PROPERTY = "tornado.enable.nativeFunctions";
    private static final String PROBE = "dev.adjoint.backend.tornado.TornadoProbe";
    private static final String BACKEND = "dev.adjoint.backend.tornado.TornadoBackend";

    private volatile Availability cached;

    @Override
    public String name() {
        return NAME;
    }

    /** Below {@code vector}: an accelerator is chosen by name, not by default. */
    @Override
    public int priority() {
        return 50;
    }

    @Override
    public Availability availability() {
        Availability a = cached;
        if (a == null) {
            a = probe();
            cached = a;
        }
        return a;
    }

    @Override
    public Backend create() {
        Availability a = availability();
        if (!a.available()) {
            throw new IllegalStateException("the tornado backend is not available: " + a.detail());
        }
        try {
            return (Backend) Class.forName(BACKEND).getDeclaredConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the tornado backend failed to start: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("the tornado backend failed to start: " + e, e);
        }
    }

    private static Availability probe() {
        try {
            String runtime = System.getProperty(RUNTIME_PROPERTY);
            if (runtime == null) {
                return Availability.no("the TornadoVM system properties are missing (" + RUNTIME_PROPERTY
                        + "): start the JVM with @$TORNADOVM_HOME/tornado-argfile");
            }
            try {
                Class.forName(runtime, false, TornadoProvider.class.getClassLoader());
                Class.forName("uk.ac.manchester.tornado.api.TornadoExecutionPlan", false,
                        TornadoProvider.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                return Availability.no("the TornadoVM runtime is not on the module path (" + e.getMessage()
                        + "): add $TORNADOVM_HOME/share/java/tornado to --module-path");
            }
            if (System.getProperty(NATIVE_MATH_PROPERTY) == null) {
                // Full-precision OpenCL math (sqrt, sin, cos, tan) rather than the native_* variants.
                System.setProperty(NATIVE_MATH_PROPERTY, "False");
            }
            Object detail = Class.forName(PROBE).getMethod("describe").invoke(null);
            return Availability.yes((String) detail);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Availability.no("TornadoVM found no usable device: " + cause);
        } catch (Throwable e) {
            return Availability.no("TornadoVM could not be initialised: " + e);
        }
    }
}
