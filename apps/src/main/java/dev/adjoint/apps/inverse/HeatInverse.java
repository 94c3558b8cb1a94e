package dev.adjoint.apps.inverse;

import dev.adjoint.api.DType;
import dev.adjoint.api.Tensor;
import dev.adjoint.optim.SipInverse;
import dev.adjoint.physics.systems.Heat;
import java.util.SplittableRandom;

/**
 * The heat-equation inverse problem of the SIP paper (optim reference, section 2.6) on a small periodic grid:
 * random soft boxes as the unknown initial state, heat diffusion by {@link Heat#sipForward} as the physics, and
 * the stabilised inverse diffusion that SIP uses as its local inverse.
 */
final class HeatInverse {
    /** {@code ln} of the largest float32, the clamp of the log kernel. */
    private static final double LOG_FLOAT_MAX = Math.log(Float.MAX_VALUE);

    private HeatInverse() {
    }

    /**
     * {@code count} initial states {@code [count, 1, n, n]} (FLOAT64): 4 to 10 soft boxes each, centres uniform on
     * the periodic grid, half-sizes uniform in {@code [0, 10 n / 64)} per axis (the reference's 64-cell sizes
     * scaled to {@code n}), strengths uniform in {@code [0, 1)}, edges smoothed over one cell.
     */
    static Tensor softBoxes(int count, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[count * n * n];
        double scale = n / 64.0;
        for (int s = 0; s < count; s++) {
            int boxes = 4 + rng.nextInt(7);
            for (int b = 0; b < boxes; b++) {
                double cx = rng.nextDouble() * n;
                double cy = rng.nextDouble() * n;
                double hx = rng.nextDouble() * 10 * scale;
                double hy = rng.nextDouble() * 10 * scale;
                double strength = rng.nextDouble();
                for (int i = 0; i < n; i++) {
                    double wy = edge(hy - periodicDistance(i + 0.5, cy, n));
                    for (int j = 0; j < n; j++) {
                        v[(s * n + i) * n + j] += strength * wy * edge(hx - periodicDistance(j + 0.5, cx, n));
                    }
                }
            }
        }
        return Tensor.of(v, count, 1, n, n);
    }

    private static double periodicDistance(double a, double b, int n) {
        double d = Math.abs(a - b) % n;
        return Math.min(d, n - d);
    }

    /** A smooth step from 0 (outside) to 1 (inside) over about one cell. */
    private static double edge(double inside) {
        return 1 / (1 + Math.exp(-4 * inside));
    }

    /**
     * The stabilised inverse diffusion of the reference: per frequency, undo the diffusion of the residual where it
     * looks like signal rather than noise, {@code x~ = x + Re(IFFT(FFT(r) exp(a log_kernel)))} with
     * {@code r = yWanted - y}. Computed in FLOAT64 on {@code [batch, 1, n, n]} fields.
     */
    static SipInverse stabilised() {
        return (physics, x, y, yWanted) -> {
            DType dtype = x.dtype();
            Tensor r = yWanted.sub(y).cast(DType.FLOAT64);
            int n = r.dim(-1);
            int batch = r.dim(0);
            Tensor amp = r.rfft(2); // [batch, 1, n, n/2+1, 2], unnormalised
            Tensor magnitude = amp.square().sum(new int[] {-1}, false).sqrt();
            Tensor logKernel = logKernel(n);
            Tensor sigmaNoise = r.abs().mul(1e-6).square().sum(new int[] {1, 2, 3}, true).sqrt()
                    .reshape(batch, 1, 1, 1);
            Tensor expected = logKernel.neg().exp().mul(n);
            Tensor pSig = nanToZero(magnitude.div(expected).square().mul(-0.5).exp().mul(0.5));
            Tensor pNoise = magnitude.div(sigmaNoise).square().mul(-0.5).exp().mul(0.5);
            Tensor pr = nanToZero(pSig.div(pSig.add(pNoise)));
            Tensor a = pr.sub(0.5).mul(2);
            Tensor keep = pr.le(0.5).cast(DType.FLOAT64).add(pr.ge(0.68).cast(DType.FLOAT64)).minimum(1.0);
            Tensor gain = a.mul(keep).mul(logKernel).exp().unsqueeze(-1);
            Tensor dx = amp.mul(gain).irfft(2, n);
            return x.add(dx.cast(dtype));
        };
    }

    /** {@code 4 pi^2 |k|^2 * 8} on the rfft grid {@code [n, n/2+1]}, k in cycles per cell, clamped. */
    static Tensor logKernel(int n) {
        int half = n / 2 + 1;
        double[] v = new double[n * half];
        for (int i = 0; i < n; i++) {
            double ky = (i <= n / 2 ? i : i - n) / (double) n;
            for (int j = 0; j < half; j++) {
                double kx = j / (double) n;
                double k2 = kx * kx + ky * ky;
                v[i * half + j] = Math.min(4 * Math.PI * Math.PI * k2 * Heat.SIP_AMOUNT, LOG_FLOAT_MAX);
            }
        }
        return Tensor.of(v, n, half);
    }

    private static Tensor nanToZero(Tensor t) {
        return Tensor.where(t.ne(t), Tensor.zeros(t.dtype(), t.shape().dims()), t);
    }
}
