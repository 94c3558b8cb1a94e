package dev.adjoint.backend.tornado;

import dev.adjoint.api.DType;
import dev.adjoint.backend.tornado.kernels.Meta;
import java.lang.foreign.MemorySegment;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.enums.TornadoVMBackendType;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;
import uk.ac.manchester.tornado.api.types.arrays.TornadoNativeArray;

/**
 * One compiled execution plan of one kernel for one capacity of each argument: its off-heap argument arrays
 * are bound into the plan once, and every call copies the operands into them, runs the plan and copies the
 * result out. The kernel reads its op code and geometry from the {@code meta} array, so a plan is reused for
 * every shape whose arrays fit its capacities. Not thread-safe: {@link Plans} serialises its use.
 */
final class Slot {
    /** Adds the kernel's task to the graph, given the bound arrays. */
    @FunctionalInterface
    interface Task {
        TaskGraph add(TaskGraph graph, TornadoNativeArray[] inputs, TornadoNativeArray output, IntArray meta);
    }

    private final TornadoNativeArray[] inputs;
    private final TornadoNativeArray output;
    private final IntArray meta;
    private final TornadoExecutionPlan plan;

    Slot(String id, DType[] inTypes, int[] inCapacities, DType outType, int outCapacity, Task task) {
        inputs = new TornadoNativeArray[inTypes.length];
        Object[] toDevice = new Object[inTypes.length + 1];
        for (int i = 0; i < inTypes.length; i++) {
            inputs[i] = DeviceStorage.allocate(inTypes[i], inCapacities[i]).array();
            toDevice[i] = inputs[i];
        }
        output = DeviceStorage.allocate(outType, outCapacity).array();
        meta = new IntArray(Meta.CAPACITY);
        toDevice[inTypes.length] = meta;
        TaskGraph graph = new TaskGraph(id).transferToDevice(DataTransferMode.EVERY_EXECUTION, toDevice);
        graph = task.add(graph, inputs, output, meta);
        graph.transferToHost(DataTransferMode.EVERY_EXECUTION, output);
        // IEEE semantics (NaN, infinities, signed zeros): TornadoVM's default OpenCL flags relax them.
        plan = new TornadoExecutionPlan(graph.snapshot()).withCompilerFlags(TornadoVMBackendType.OPENCL, "-w");
    }

    /** Runs the kernel on {@code in} with the given meta values; the result has {@code outSize} elements. */
    DeviceStorage run(DeviceStorage[] in, int[] metaValues, DType outType, int outSize) {
        for (int i = 0; i < in.length; i++) {
            MemorySegment.copy(in[i].array().getSegment(), 0, inputs[i].getSegment(), 0, in[i].bytes());
        }
        for (int i = 0; i < metaValues.length; i++) {
            meta.set(i, metaValues[i]);
        }
        plan.execute();
        return DeviceStorage.copyOf(outType, outSize, output);
    }
}
