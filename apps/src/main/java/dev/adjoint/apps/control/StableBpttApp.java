package dev.adjoint.apps.control;

import com.beust.jcommander.Parameter;
import dev.adjoint.api.Autodiff;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import dev.adjoint.apps.io.LinePlot;
import dev.adjoint.apps.run.App;
import dev.adjoint.apps.run.Comparison;
import dev.adjoint.apps.run.ProgressBar;
import dev.adjoint.apps.run.RunContext;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Bptt;
import dev.adjoint.optim.Optimizer;
import dev.adjoint.optim.OptimizerState;
import dev.adjoint.physics.systems.CartPole;
import dev.adjoint.physics.systems.ControlProblem;
import dev.adjoint.physics.systems.Guidance;
import dev.adjoint.physics.systems.QuantumControl;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code adjoint run stable-bptt}: trains the published controller through a differentiable simulator with the
 * four backpropagation-through-time variants R, M, S and C of Schnell and Thuerey (optim reference, section 1),
 * and compares their test-loss curves.
 */
public final class StableBpttApp implements App<StableBpttApp.Options> {
    /** The app's options; defaults are the reduced budget, {@code --full} the published one. */
    public static final class Options {
        @Parameter(names = "--problem", description = "cartpole, guidance or quantum")
        public String problem = "cartpole";

        @Parameter(names = "--poles", description = "Cart-pole: number of poles (1-4)")
        public int poles = 2;

        @Parameter(names = "--rc", description = "Guidance: regularisation weight of the control")
        public double rc = 0.1;

        @Parameter(names = "--target", description = "Quantum control: target eigenstate (3, 4 or 5)")
        public int target = 3;

        @Parameter(names = "--epochs", description = "Epochs (default: 30, 10, 10 by problem; --full: 1000, 10, "
                + "1000)")
        public Integer epochs;

        @Parameter(names = "--samples", description = "Training and test samples each (the published 256)")
        public Integer samples;

        @Parameter(names = "--batch", description = "Mini-batch size")
        public int batch = 8;

        @Parameter(names = "--clip", description = "Clipping after the combination: norm, value or none (limit 1)")
        public String clip = "norm";

        @Parameter(names = "--variants", description = "Comma-separated BPTT variants to train")
        public String variants = "R,M,S,C";

        @Parameter(names = "--seed", description = "Seed of the data and the network initialisation")
        public long seed = 42;
    }

    @Override
    public String name() {
        return "stable-bptt";
    }

    @Override
    public String summary() {
        return "Stabilized BPTT: R, M, S and C gradients for cart-pole, guidance and quantum control";
    }

    @Override
    public Options newOptions() {
        return new Options();
    }

    /** A problem with its controller network, the published zero-control loss and range of test losses. */
    private record Setup(String label, ControlProblem problem, ControllerNet net, double zeroControlLoss,
            List<Double> publishedLossRange, int defaultEpochs, int fullEpochs) {
    }

    @Override
    public void run(Options o, RunContext context) throws Exception {
        Setup setup = setup(o);
        int samples = o.samples != null ? o.samples : 256;
        int epochs = o.epochs != null ? o.epochs : context.full() ? setup.fullEpochs() : setup.defaultEpochs();
        if (samples < o.batch || o.batch < 1 || epochs < 1) {
            throw new IllegalArgumentException("need epochs >= 1 and samples >= batch >= 1, got epochs " + epochs
                    + ", samples " + samples + ", batch " + o.batch);
        }
        List<Bptt.Variant> variants = parseVariants(o.variants);
        Bptt.Options bptt = clipping(o.clip);

        RandomKey[] keys = RandomKey.of(o.seed).split(3);
        ControlProblem problem = setup.problem();
        Tensor train = problem.initialStates(keys[0], samples);
        Tensor test = problem.initialStates(keys[1], samples);
        double zeroLoss = evaluate(problem, null, null, test);

        Map<String, Object> curves = new LinkedHashMap<>();
        Map<String, Double> smoothedEnds = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        LinePlot plot = new LinePlot(setup.label() + ": test loss", "epoch", "test loss", 800, 500)
                .logarithmic(false, true);
        for (Bptt.Variant variant : variants) {
            double[] curve = new double[epochs + 1];
            curve[0] = evaluate(problem, setup.net(), setup.net().init(keys[2]), test);
            Params params = setup.net().init(keys[2]);
            Optimizer adam = Adam.of(1e-3);
            OptimizerState state = adam.init(params);
            int updates = samples / o.batch;
            SplittableRandom shuffle = new SplittableRandom(o.seed);
            try (ProgressBar bar = context.progress(String.format(Locale.ROOT, "%-2s", variant), epochs * updates)) {
                for (int epoch = 1; epoch <= epochs; epoch++) {
                    int[] order = permutation(samples, shuffle);
                    for (int u = 0; u < updates; u++) {
                        Tensor batch = train.gather(0, Tensor.of(Arrays.copyOfRange(order, u * o.batch,
                                (u + 1) * o.batch), o.batch));
                        ControllerNet net = setup.net();
                        Bptt.Result r = Bptt.rollout(params, batch, net::apply, problem::step, problem.steps(),
                                problem::loss, variant, bptt);
                        Optimizer.Step step = adam.update(params, r.grads(), state);
                        params = step.params();
                        state = step.state();
                        bar.step(String.format(Locale.ROOT, "epoch %d, test %.4g", epoch, curve[epoch - 1]));
                    }
                    curve[epoch] = evaluate(problem, setup.net(), params, test);
                }
                seconds.put(variant.name(), bar.elapsedSeconds());
            }
            curves.put(variant.name(), toList(curve));
            smoothedEnds.put(variant.name(), smoothedEnd(curve));
            plot.line(variant.name(), epochAxis(epochs), positive(curve));
        }
        plot.writePng(context.file("loss-curves.png"));

        Comparison table = new Comparison().add("zero-control test loss", zeroLoss, setup.zeroControlLoss(),
                "optim reference (derived)", Math.abs(zeroLoss - setup.zeroControlLoss())
                        <= 0.05 * setup.zeroControlLoss());
        int window = Math.min(SMOOTHING, epochs);
        smoothedEnds.forEach((v, loss) -> table.add("test loss " + v + ", mean of the last " + window + " epochs",
                loss));
        Map<String, Object> orderings = new LinkedHashMap<>();
        if (smoothedEnds.containsKey("C") && smoothedEnds.containsKey("R")) {
            orderings.put("C below R", Comparison.below(smoothedEnds.get("C"), smoothedEnds.get("R")));
        }
        if (smoothedEnds.containsKey("S") && smoothedEnds.size() > 1) {
            double s = smoothedEnds.get("S");
            orderings.put("S worst", smoothedEnds.values().stream().noneMatch(v -> Comparison.below(s, v)));
        }
        table.print(context.out());
        // The published figures show the smoothed curves to the end of the full run; this reads them at the last
        // epoch run here.
        int published = setup.fullEpochs();
        orderings.forEach((k, v) -> context.out().println("published ordering '" + k + "' at epoch " + epochs
                + " of the " + window + "-epoch smoothed curves: " + (Boolean.TRUE.equals(v) ? "holds"
                        : "does NOT hold") + (epochs < published ? " (the published curves run to " + published
                        + " epochs)" : "")));

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("app", name());
        doc.put("problem", setup.label());
        doc.put("settings", Map.of("epochs", epochs, "samples", samples, "batch", o.batch, "clip", o.clip,
                "seed", o.seed, "optimizer", "Adam lr 1e-3", "full", context.full()));
        doc.put("rows", table.toJson());
        doc.put("orderings", orderings);
        doc.put("published_loss_range", setup.publishedLossRange());
        doc.put("seconds_per_variant", seconds);
        doc.put("test_loss_curves", curves);
        context.writeResults(doc);
    }

    /** The published figures smooth the test loss with a causal box of this many epochs. */
    private static final int SMOOTHING = 30;

    /**
     * The end of the smoothed curve the published orderings are read from: the mean test loss of the last
     * {@link #SMOOTHING} epochs (all of them when there are fewer), so one noisy epoch does not decide them.
     */
    static double smoothedEnd(double[] curve) {
        int epochs = curve.length - 1;
        int window = Math.min(SMOOTHING, epochs);
        double sum = 0;
        for (int e = epochs - window + 1; e <= epochs; e++) {
            sum += curve[e];
        }
        return sum / window;
    }

    private static Setup setup(Options o) {
        return switch (o.problem) {
            case "cartpole" -> {
                if (o.poles < 1 || o.poles > 4) {
                    throw new IllegalArgumentException("--poles must be 1 to 4, got " + o.poles);
                }
                CartPole p = new CartPole(o.poles);
                yield new Setup("cart-pole, " + o.poles + " poles", p, mlpFor(p), CartPole.ZERO_CONTROL_LOSS,
                        List.of(1e-6, 3.0), 30, 1000);
            }
            case "guidance" -> {
                if (!(o.rc >= 0)) {
                    throw new IllegalArgumentException("--rc must be a weight >= 0, got " + o.rc);
                }
                Guidance p = new Guidance(o.rc);
                yield new Setup("guidance, rc " + o.rc, p, mlpFor(p), Guidance.ZERO_CONTROL_LOSS,
                        List.of(0.4, 6.0), 10, 10);
            }
            case "quantum" -> {
                QuantumControl p = new QuantumControl(o.target);
                Tensor s = p.initialStates(RandomKey.of(0), 1);
                ControllerNet net = ControllerNet.quantum(tail(s.shape().dims()),
                        tail(p.zeroControl(s).shape().dims()));
                yield new Setup("quantum control, target " + o.target, p, net, QuantumControl.ZERO_CONTROL_LOSS,
                        List.of(16.5, 135.0), 10, 1000);
            }
            default -> throw new IllegalArgumentException("--problem must be cartpole, guidance or quantum, got '"
                    + o.problem + "'");
        };
    }

    private static ControllerNet mlpFor(ControlProblem p) {
        Tensor s = p.initialStates(RandomKey.of(0), 1);
        return ControllerNet.mlp(tail(s.shape().dims()), tail(p.zeroControl(s).shape().dims()));
    }

    /** The mean test loss of the controller (or of zero control when {@code net} is null), without a graph. */
    private static double evaluate(ControlProblem problem, ControllerNet net, Params params, Tensor test) {
        try (var _ = Autodiff.noGrad()) {
            ControlProblem.Trajectory t = net == null ? problem.rollout(test, problem::zeroControl)
                    : problem.rollout(test, s -> net.apply(params, s));
            return t.loss(problem).item();
        }
    }

    static List<Bptt.Variant> parseVariants(String text) {
        List<Bptt.Variant> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String v = part.trim().toUpperCase(Locale.ROOT);
            try {
                out.add(Bptt.Variant.valueOf(v));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--variants takes R, M, S and C separated by commas, got '"
                        + part.trim() + "'");
            }
        }
        return out;
    }

    static Bptt.Options clipping(String clip) {
        return switch (clip) {
            case "norm" -> Bptt.Options.defaults().withClipNorm(1.0);
            case "value" -> Bptt.Options.defaults().withClipValue(1.0);
            case "none" -> Bptt.Options.defaults();
            default -> throw new IllegalArgumentException("--clip must be norm, value or none, got '" + clip + "'");
        };
    }

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static int[] tail(int[] dims) {
        return Arrays.copyOfRange(dims, 1, dims.length);
    }

    private static double[] epochAxis(int epochs) {
        double[] x = new double[epochs + 1];
        for (int i = 0; i <= epochs; i++) {
            x[i] = i;
        }
        return x;
    }

    /** Values for a log axis: zeros and negatives (which a log plot cannot show) become the smallest positive. */
    private static double[] positive(double[] v) {
        double floor = Arrays.stream(v).filter(x -> x > 0).min().orElse(1e-12);
        return Arrays.stream(v).map(x -> x > 0 ? x : floor).toArray();
    }

    private static List<Double> toList(double[] v) {
        return Arrays.stream(v).boxed().toList();
    }
}
