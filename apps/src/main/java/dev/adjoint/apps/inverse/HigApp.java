package dev.adjoint.apps.inverse;

import com.beust.jcommander.Parameter;
import dev.adjoint.api.Autodiff;
import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Rng;
import dev.adjoint.api.Tensor;
import dev.adjoint.apps.io.LinePlot;
import dev.adjoint.apps.run.App;
import dev.adjoint.apps.run.Comparison;
import dev.adjoint.apps.run.RunContext;
import dev.adjoint.nn.Activation;
import dev.adjoint.nn.Layer;
import dev.adjoint.nn.Models;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Hig;
import dev.adjoint.optim.Optimizer;
import dev.adjoint.optim.OptimizerState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code adjoint run hig}: half-inverse gradients (Schnell, Holl and Thuerey 2022; optim reference, section 3) on the
 * nonlinear coupled oscillators: a network maps a target state to 96 controls that steer the oscillators back to
 * it; HIG, Adam and Gauss–Newton train for the same wall-clock budget and their test losses are compared against
 * time.
 */
public final class HigApp implements App<HigApp.Options> {
    /** The app's options. */
    public static final class Options {
        @Parameter(names = "--seconds", description = "Wall-clock budget per method (default 40; --full 3600)")
        public Double seconds;

        @Parameter(names = "--samples", description = "Training and test samples each (default 1024; --full 4096)")
        public Integer samples;

        @Parameter(names = "--hig-batch", description = "Batch of HIG and Gauss-Newton (published: 128)")
        public int higBatch = 32;

        @Parameter(names = "--adam-batch", description = "Batch of Adam (published: 512)")
        public int adamBatch = 512;

        @Parameter(names = "--seed", description = "Seed of the data and the network initialisation")
        public long seed = 1;
    }

    @Override
    public String name() {
        return "hig";
    }

    @Override
    public String summary() {
        return "Half-inverse gradients on nonlinear coupled oscillators: HIG vs Adam vs Gauss-Newton over time";
    }

    /** The published network's hidden widths (ReLU), between 4 inputs and one control per time step. */
    private static final int[] HIDDEN = {20, 20, 20};

    /** The published network: MLP 4 -> 20 -> 20 -> 20 -> 96, ReLU hidden, linear out. */
    static Layer network() {
        return Models.mlp(4, HIDDEN, Oscillators.STEPS, Activation.relu());
    }

    @Override
    public Options newOptions() {
        return new Options();
    }

    /** One method's test-loss curve against elapsed seconds; {@code diverged} when it ended in NaN or infinity. */
    private record Curve(List<Double> seconds, List<Double> loss, int updates, boolean diverged) {
    }

    @Override
    public void run(Options o, RunContext context) throws Exception {
        double budget = o.seconds != null ? o.seconds : context.full() ? 3600 : 40;
        int samples = o.samples != null ? o.samples : context.full() ? 4096 : 1024;
        if (!(budget > 0) || samples < Math.max(o.higBatch, o.adamBatch) || o.higBatch < 1 || o.adamBatch < 1) {
            throw new IllegalArgumentException("need --seconds > 0 and --samples >= both batches >= 1; got "
                    + budget + ", " + samples + ", " + o.higBatch + ", " + o.adamBatch);
        }
        RandomKey[] keys = RandomKey.of(o.seed).split(3);
        Tensor train = Rng.uniform(keys[0], DType.FLOAT32, 0, 1, samples, 4);
        Tensor test = Rng.uniform(keys[1], DType.FLOAT32, 0, 1, samples, 4);
        Layer net = network();
        Params init = net.init(keys[2]);

        Map<String, Curve> curves = new LinkedHashMap<>();
        curves.put("HIG", trainHig(Hig.of(1.0, 1e-6), net, init, train, test, o.higBatch, budget, context, "HIG"));
        curves.put("Adam", trainAdam(net, init, train, test, o.adamBatch, budget, context));
        curves.put("Gauss-Newton", trainHig(Hig.gaussNewton(1.0, 1e-6), net, init, train, test, o.higBatch, budget,
                context, "GN"));

        LinePlot plot = new LinePlot("nonlinear oscillators: test loss / N", "wall-clock seconds", "loss", 700, 450)
                .logarithmic(false, true);
        Comparison table = new Comparison();
        Map<String, Object> doc = new LinkedHashMap<>();
        Map<String, Object> series = new LinkedHashMap<>();
        curves.forEach((name, c) -> {
            int finite = 0;
            while (finite < c.loss().size() && Double.isFinite(c.loss().get(finite))) {
                finite++;
            }
            plot.line(name, c.seconds().subList(0, finite).stream().mapToDouble(Double::doubleValue).toArray(),
                    c.loss().subList(0, finite).stream().mapToDouble(Double::doubleValue).toArray());
            table.add("final test loss / N, " + name + " (" + c.updates() + " updates"
                    + (c.diverged() ? ", diverged" : "") + ")", c.loss().getLast());
            series.put(name, Map.of("seconds", c.seconds(), "test_loss", c.loss(), "updates", c.updates(),
                    "diverged", c.diverged()));
        });
        plot.writePng(context.file("loss-vs-time.png"));
        double hig = curves.get("HIG").loss().getLast();
        double adam = curves.get("Adam").loss().getLast();
        boolean higBelowAdam = Comparison.below(hig, adam);
        table.add("HIG below Adam after " + budget + " s each", higBelowAdam ? 1 : 0, 1,
                "published ordering (HIG paper, Fig. 2)", higBelowAdam);
        table.print(context.out());
        doc.put("app", name());
        doc.put("settings", Map.of("seconds_per_method", budget, "samples", samples, "hig_batch", o.higBatch,
                "adam_batch", o.adamBatch, "network", "MLP 4-20-20-20-96 ReLU", "hig", "SGD lr 1, tau 1e-6",
                "adam", "lr 3e-4", "gauss_newton", "SGD lr 1, tau 1e-6"));
        doc.put("rows", table.toJson());
        doc.put("curves", series);
        context.writeResults(doc);
    }

    /** One update of the network from a batch of targets; throws ArithmeticException when it meets NaN. */
    @FunctionalInterface
    private interface Update {
        Params apply(Params params, Tensor targets);
    }

    private static Curve trainHig(Hig hig, Layer net, Params params, Tensor train, Tensor test, int batch,
            double budget, RunContext context, String label) {
        // The batched form: one pass with a parameter copy per sample instead of one pass per sample (same update).
        Update update = (p, targets) -> hig.stepBatched(p, targets, (q, x0) -> Oscillators.simulate(x0,
                perSample(q, x0)), outputs -> outputs.sub(targets).square().sum().div(targets.dim(0))).params();
        return train(label, update, net, params, train, test, batch, budget, context, 1);
    }

    private static Curve trainAdam(Layer net, Params params, Tensor train, Tensor test, int batch, double budget,
            RunContext context) {
        Optimizer adam = Adam.of(3e-4);
        OptimizerState[] state = {adam.init(params)};
        Update update = (p, targets) -> {
            Params grads = Autodiff.grad(q -> Oscillators.simulate(targets, net.apply(q, targets)).sub(targets)
                    .square().sum().div(targets.dim(0)), p);
            Optimizer.Step s = adam.update(p, grads, state[0]);
            state[0] = s.state();
            return s.params();
        };
        return train("Adam", update, net, params, train, test, batch, budget, context, 20);
    }

    /**
     * The network ({@link #network}) applied with a copy of its parameters per sample: every tensor has a leading
     * batch axis and sample {@code i} uses element {@code [i]}, which {@link Hig#stepBatched} needs.
     */
    static Tensor perSample(Params params, Tensor inputs) {
        Tensor h = inputs;
        for (int layer = 0; layer <= HIDDEN.length; layer++) {
            h = params.get("dense" + layer + "/weight").matmul(h.unsqueeze(-1)).squeeze(-1)
                    .add(params.get("dense" + layer + "/bias"));
            if (layer < HIDDEN.length) {
                h = h.relu();
            }
        }
        return h;
    }

    /** Updates on consecutive batches until the budget is spent or the test loss stops being finite. */
    private static Curve train(String label, Update update, Layer net, Params params, Tensor train, Tensor test,
            int batch, double budget, RunContext context, int printEvery) {
        List<Double> seconds = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        seconds.add(0.0);
        losses.add(testLoss(net, params, test));
        long start = System.nanoTime();
        int updates = 0;
        int samples = train.dim(0);
        Params p = params;
        boolean diverged = false;
        while (elapsed(start) < budget && !diverged) {
            int from = (updates * batch) % (samples - batch + 1);
            try {
                p = update.apply(p, train.slice(0, from, from + batch));
            } catch (ArithmeticException e) {
                diverged = true; // a NaN or infinite Jacobian or gradient: the iterate has left every sensible region
                break;
            }
            updates++;
            seconds.add(elapsed(start));
            losses.add(testLoss(net, p, test));
            diverged = !Double.isFinite(losses.getLast());
            if (updates % printEvery == 0 || diverged) {
                progress(context, label, updates, seconds.getLast(), budget, losses.getLast());
            }
        }
        context.out().println(diverged ? " (diverged)" : "");
        return new Curve(seconds, losses, updates, diverged);
    }

    /** {@code sum |y - y*|^2 / N} over the test set, without a graph. */
    private static double testLoss(Layer net, Params p, Tensor test) {
        try (var _ = Autodiff.noGrad()) {
            return Oscillators.simulate(test, net.apply(p, test)).sub(test).square().sum().item() / test.dim(0);
        }
    }

    private static double elapsed(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void progress(RunContext context, String label, int updates, double seconds, double budget,
            double loss) {
        context.out().print(String.format(Locale.ROOT, "\r%-4s %5.1f / %.0f s, %d updates, test loss / N %.4g   ",
                label, seconds, budget, updates, loss));
        context.out().flush();
    }
}
