package dev.adjoint.apps.inverse;

import com.beust.jcommander.Parameter;
import dev.adjoint.api.Autodiff;
import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import dev.adjoint.apps.io.LinePlot;
import dev.adjoint.apps.run.App;
import dev.adjoint.apps.run.Comparison;
import dev.adjoint.apps.run.ProgressBar;
import dev.adjoint.apps.run.RunContext;
import dev.adjoint.nn.Activation;
import dev.adjoint.nn.Layer;
import dev.adjoint.nn.Models;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Optimizer;
import dev.adjoint.optim.OptimizerState;
import dev.adjoint.optim.Sip;
import dev.adjoint.optim.SipInverse;
import dev.adjoint.physics.systems.Heat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code adjoint run sip}: scale-invariant physics training (Holl, Koltun and Thuerey 2022; optim reference,
 * section 2). Part {@code toy}: gradient descent, Newton and SIP on {@code y = (x1, x2^2)} from (3, 3), with the
 * SIP iterate checked against its closed form. Part {@code heat}: a network that inverts heat diffusion on a
 * periodic grid, trained by SIP (stabilised inverse diffusion, Adam on the proxy loss) and by Adam through the
 * physics gradient for the same number of updates, compared in x space.
 */
public final class SipApp implements App<SipApp.Options> {
    /** The app's options. */
    public static final class Options {
        @Parameter(names = "--part", description = "toy, heat or all")
        public String part = "all";

        @Parameter(names = "--resolution", description = "Heat: cells per side (default 32; --full 64)")
        public Integer resolution;

        @Parameter(names = "--updates", description = "Heat: network updates per method (default 200; --full 2000)")
        public Integer updates;

        @Parameter(names = "--batch", description = "Heat: mini-batch size")
        public int batch = 16;

        @Parameter(names = "--samples", description = "Heat: training samples (test samples: half as many)")
        public int samples = 64;

        @Parameter(names = "--seed", description = "Seed of the data and the network initialisation")
        public long seed = 1;
    }

    @Override
    public String name() {
        return "sip";
    }

    @Override
    public String summary() {
        return "SIP training: the 2D toy (GD, Newton, SIP) and the heat-equation inverse (SIP vs Adam)";
    }

    @Override
    public Options newOptions() {
        return new Options();
    }

    @Override
    public void run(Options o, RunContext context) throws Exception {
        if (!List.of("toy", "heat", "all").contains(o.part)) {
            throw new IllegalArgumentException("--part must be toy, heat or all, got '" + o.part + "'");
        }
        Comparison table = new Comparison();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("app", name());
        if (!o.part.equals("heat")) {
            doc.put("toy", toy(context, table));
        }
        if (!o.part.equals("toy")) {
            doc.put("heat", heat(o, context, table));
        }
        table.print(context.out());
        doc.put("rows", table.toJson());
        context.writeResults(doc);
    }

    // ---- the 2D toy ------------------------------------------------------------------------------

    /** GD (lr 0.01), Newton (lr 1/3) and SIP (eta 0.3) for 10 iterations from (3, 3), as in the PBDL book. */
    private static Map<String, Object> toy(RunContext context, Comparison table) throws IOException {
        int iterations = 10;
        double[][] gd = new double[iterations + 1][];
        double[][] newton = new double[iterations + 1][];
        double[][] sip = new double[iterations + 1][];
        gd[0] = new double[] {3, 3};
        newton[0] = gd[0].clone();
        sip[0] = gd[0].clone();
        Sip update = Sip.of(x -> Tensor.stack(1, x.select(1, 0), x.select(1, 1).square()),
                SipInverse.exact(z -> Tensor.stack(1, z.select(1, 0), z.select(1, 1).sqrt()))).withEta(0.3);
        Tensor target = Tensor.zeros(DType.FLOAT64, 1, 2);
        for (int k = 0; k < iterations; k++) {
            double[] g = gd[k];
            gd[k + 1] = new double[] {g[0] - 0.01 * 2 * g[0], g[1] - 0.01 * 4 * Math.pow(g[1], 3)};
            double[] n = newton[k];
            newton[k + 1] = new double[] {n[0] - n[0] / 3, n[1] - n[1] / 9};
            // SIP with the identity as the "network": one SGD step of rate 1 on the proxy loss lands on x~.
            Params p = Params.of("x", Tensor.of(sip[k], 1, 2));
            Sip.Gradient grad = update.gradient(p, q -> q.get("x"), target);
            sip[k + 1] = p.get("x").sub(grad.grads().get("x")).toDoubleArray();
        }
        double closedFormError = 0;
        for (int k = 0; k <= iterations; k++) {
            closedFormError = Math.max(closedFormError, Math.abs(sip[k][0] - 3 * Math.pow(0.7, k)));
            closedFormError = Math.max(closedFormError, Math.abs(sip[k][1] - 3 * Math.pow(0.7, k / 2.0)));
        }
        double[] steps = new double[iterations + 1];
        for (int k = 0; k <= iterations; k++) {
            steps[k] = k;
        }
        new LinePlot("2D toy: L = x1^2 + x2^4", "iteration", "loss", 700, 450).logarithmic(false, true)
                .line("gradient descent (lr 0.01)", steps, losses(gd))
                .line("Newton (lr 1/3)", steps, losses(newton))
                .line("SIP (eta 0.3)", steps, losses(sip)).writePng(context.file("toy-loss.png"));
        table.add("toy: max |SIP iterate - (3 0.7^k, 3 0.7^(k/2))|", closedFormError, 0,
                "closed form (optim reference 2.2)", closedFormError < 1e-12);
        table.add("toy: loss after 10 iterations, GD", loss(gd[iterations]));
        table.add("toy: loss after 10 iterations, Newton", loss(newton[iterations]));
        table.add("toy: loss after 10 iterations, SIP", loss(sip[iterations]));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("gd", List.of(gd));
        out.put("newton", List.of(newton));
        out.put("sip", List.of(sip));
        return out;
    }

    private static double loss(double[] x) {
        return x[0] * x[0] + Math.pow(x[1], 4);
    }

    private static double[] losses(double[][] xs) {
        double[] l = new double[xs.length];
        for (int k = 0; k < xs.length; k++) {
            l[k] = loss(xs[k]);
        }
        return l;
    }

    // ---- the heat inverse ------------------------------------------------------------------------

    private static Map<String, Object> heat(Options o, RunContext context, Comparison table) throws IOException {
        int n = o.resolution != null ? o.resolution : context.full() ? 64 : 32;
        int updates = o.updates != null ? o.updates : context.full() ? 2000 : 200;
        if (n < 8 || updates < 1 || o.batch < 1 || o.samples < o.batch) {
            throw new IllegalArgumentException("need --resolution >= 8, --updates >= 1 and --samples >= --batch >= 1;"
                    + " got " + n + ", " + updates + ", " + o.samples + ", " + o.batch);
        }
        Tensor xTrain = HeatInverse.softBoxes(o.samples, n, o.seed);
        Tensor xTest = HeatInverse.softBoxes(Math.max(1, o.samples / 2), n, o.seed + 1);
        Tensor yTrain = Heat.sipForward(xTrain).cast(DType.FLOAT32);
        Tensor yTest = Heat.sipForward(xTest).cast(DType.FLOAT32);
        Layer net = Models.convNet(2, 1, new int[] {16, 16, 16}, 1, 3, true, Activation.relu());
        Params init = net.init(RandomKey.of(o.seed));
        int every = Math.max(1, updates / 20);

        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, double[]> finals = new LinkedHashMap<>();
        LinePlot xPlot = new LinePlot("heat inverse " + n + "^2: x-space error (test)", "update",
                "mean L1 error per example", 700, 450).logarithmic(false, true);
        for (String method : List.of("SIP", "Adam")) {
            Optimizer adam = Adam.of(1e-3);
            Params params = init;
            OptimizerState state = adam.init(params);
            Sip sip = Sip.of(x -> Heat.sipForward(x.cast(DType.FLOAT64)).cast(DType.FLOAT32),
                    HeatInverse.stabilised()).withReduction(Sip.Reduction.MEAN);
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<Double> at = new ArrayList<>();
            try (ProgressBar bar = context.progress(String.format(Locale.ROOT, "%-4s", method), updates)) {
                for (int u = 0; u <= updates; u++) {
                    if (u % every == 0 || u == updates) {
                        double[] e = evaluate(net, params, xTest, yTest);
                        at.add((double) u);
                        xs.add(e[0]);
                        ys.add(e[1]);
                    }
                    if (u == updates) {
                        break;
                    }
                    int start = (u * o.batch) % (o.samples - o.batch + 1);
                    Tensor yb = yTrain.slice(0, start, start + o.batch);
                    Params current = params;
                    if (method.equals("SIP")) {
                        Sip.Step s = sip.step(current, state, adam, p -> predict(net, p, yb), yb);
                        params = s.params();
                        state = s.state();
                    } else {
                        Params grads = Autodiff.grad(p -> {
                            Tensor x = predict(net, p, yb);
                            return Heat.sipForward(x).sub(yb).square().sum(new int[] {1, 2, 3}, false).mul(0.5)
                                    .mean();
                        }, current);
                        Optimizer.Step s = adam.update(current, grads, state);
                        params = s.params();
                        state = s.state();
                    }
                    bar.step(String.format(Locale.ROOT, "x error %.3g", xs.getLast()));
                }
            }
            double[] x = at.stream().mapToDouble(Double::doubleValue).toArray();
            xPlot.line(method, x, xs.stream().mapToDouble(Double::doubleValue).toArray());
            finals.put(method, new double[] {xs.getLast(), ys.getLast()});
            out.put(method, Map.of("updates", at, "x_error", xs, "y_loss", ys));
        }
        xPlot.writePng(context.file("heat-x-error.png"));
        double sipX = finals.get("SIP")[0];
        double adamX = finals.get("Adam")[0];
        table.add("heat: x error (mean L1 per example), SIP", sipX);
        table.add("heat: x error (mean L1 per example), Adam", adamX);
        table.add("heat: y loss (1/2 sum per example), SIP", finals.get("SIP")[1]);
        table.add("heat: y loss (1/2 sum per example), Adam", finals.get("Adam")[1]);
        boolean sipBelowAdam = Comparison.below(sipX, adamX);
        table.add("heat: SIP below Adam in x after " + updates + " updates", sipBelowAdam ? 1 : 0, 1,
                "published ordering (SIP paper, Fig. 6)", sipBelowAdam);
        out.put("settings", Map.of("resolution", n, "updates", updates, "batch", o.batch, "samples", o.samples,
                "network", "convNet 1-16-16-16-1, 3x3 periodic, ReLU, output mean set to mean(y*)",
                "optimizer", "Adam 1e-3 (on the proxy loss for SIP)"));
        return out;
    }

    /** The network's estimate of x from y*, shifted so that its mean equals that of y* (diffusion keeps it). */
    private static Tensor predict(Layer net, Params p, Tensor y) {
        Tensor x = net.apply(p, y);
        Tensor shift = y.mean(new int[] {1, 2, 3}, true).sub(x.mean(new int[] {1, 2, 3}, true));
        return x.add(shift);
    }

    /** Mean L1 error per example in x and mean 1/2 squared error per example in y on the test set. */
    private static double[] evaluate(Layer net, Params p, Tensor xTest, Tensor yTest) {
        try (var _ = Autodiff.noGrad()) {
            Tensor x = predict(net, p, yTest);
            double xErr = x.sub(xTest.cast(DType.FLOAT32)).abs().sum(new int[] {1, 2, 3}, false).mean().item();
            double yLoss = Heat.sipForward(x).sub(yTest).square().sum(new int[] {1, 2, 3}, false).mul(0.5).mean()
                    .item();
            return new double[] {xErr, yLoss};
        }
    }
}
