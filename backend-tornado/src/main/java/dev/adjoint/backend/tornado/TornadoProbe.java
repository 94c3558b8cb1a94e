package dev.adjoint.backend.tornado;

import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.runtime.TornadoRuntimeProvider;

/** Asks the TornadoVM runtime for its default device; loaded only once TornadoVM is known to be present. */
final class TornadoProbe {
    private TornadoProbe() {
    }

    /** The default device, or throws when TornadoVM has no backend or device. */
    static TornadoDevice device() {
        var runtime = TornadoRuntimeProvider.getTornadoRuntime();
        if (runtime.getNumBackends() == 0) {
            throw new IllegalStateException("no TornadoVM backend is installed");
        }
        TornadoDevice device = runtime.getDefaultDevice();
        if (device == null) {
            throw new IllegalStateException("TornadoVM reports no default device");
        }
        return device;
    }

    /** Whether the device computes in float64. */
    static boolean fp64(TornadoDevice device) {
        return device.getDeviceContext().isFP64Supported();
    }

    /** A line describing the default device, e.g. its platform and name, and whether it has fp64. */
    public static String describe() {
        TornadoDevice device = device();
        return device.getPlatformName().trim() + ": " + device.getPhysicalDevice().getDeviceName().trim()
                + (fp64(device) ? ", float32 and float64" : ", float32 only (no fp64)");
    }
}
