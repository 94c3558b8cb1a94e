package dev.adjoint.nn;

/**
 * The architecture of a {@link UNet}. Build one with {@link #builder()} (every field has a default) or
 * {@link #of(int, int, int)}.
 *
 * @param dims spatial dimensions, 1 to 3 (default 2)
 * @param inChannels input channels (default 1)
 * @param outChannels output channels (default 1)
 * @param levels resolution levels; level {@code i} has {@code baseFilters * 2^i} channels and there are
 *     {@code levels - 1} downsamplings (default 4)
 * @param baseFilters channels of the first level (default 32)
 * @param blocksPerLevel residual blocks per level, in the encoder and in the decoder (default 2)
 * @param periodic whether every convolution pads periodically (and decoder size fixes pad periodically)
 * @param timeConditioning whether the network embeds {@link Context#condition()} (e.g. diffusion times) and
 *     feeds it to every residual block
 * @param timeDim the width of the time embedding MLP; 0 picks {@code 4 * baseFilters}
 * @param groups the requested GroupNorm group count, clamped per layer to a divisor of its channels (default 8)
 * @param activation the nonlinearity (default GELU)
 * @param upsampling how the decoder upsamples (default a stride-2 transposed convolution)
 */
public record UNetConfig(int dims, int inChannels, int outChannels, int levels, int baseFilters, int blocksPerLevel,
        boolean periodic, boolean timeConditioning, int timeDim, int groups, Activation activation,
        Upsampling upsampling) {

    /** How the decoder doubles the resolution. */
    public enum Upsampling {
        /** A 2x2 (2-wide per axis) transposed convolution with stride 2. */
        TRANSPOSED_CONV,
        /** Nearest-neighbour repetition followed by a 3x3 convolution. */
        NEAREST_CONV
    }

    /** Validates the fields and resolves {@code timeDim = 0} to {@code 4 * baseFilters}. */
    public UNetConfig {
        if (dims < 1 || dims > 3) {
            throw new IllegalArgumentException("UNetConfig: dims must be 1, 2 or 3, got " + dims);
        }
        if (inChannels < 1 || outChannels < 1 || levels < 1 || baseFilters < 1 || blocksPerLevel < 1 || groups < 1
                || timeDim < 0) {
            throw new IllegalArgumentException("UNetConfig: expected positive inChannels, outChannels, levels,"
                    + " baseFilters, blocksPerLevel and groups and timeDim >= 0, got inChannels " + inChannels
                    + ", outChannels " + outChannels + ", levels " + levels + ", baseFilters " + baseFilters
                    + ", blocksPerLevel " + blocksPerLevel + ", groups " + groups + ", timeDim " + timeDim);
        }
        if (levels > 12) {
            throw new IllegalArgumentException("UNetConfig: levels " + levels + " would give " + baseFilters
                    + " * 2^" + (levels - 1) + " channels; expected at most 12 levels");
        }
        if (activation == null || upsampling == null) {
            throw new IllegalArgumentException("UNetConfig: activation and upsampling must not be null");
        }
        if (timeDim == 0) {
            timeDim = 4 * baseFilters;
        }
    }

    /** The defaults with the given dimensions and channels. */
    public static UNetConfig of(int dims, int inChannels, int outChannels) {
        return builder().dims(dims).inChannels(inChannels).outChannels(outChannels).build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration ({@code timeDim} keeps its resolved value). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.dims = dims;
        b.inChannels = inChannels;
        b.outChannels = outChannels;
        b.levels = levels;
        b.baseFilters = baseFilters;
        b.blocksPerLevel = blocksPerLevel;
        b.periodic = periodic;
        b.timeConditioning = timeConditioning;
        b.timeDim = timeDim;
        b.groups = groups;
        b.activation = activation;
        b.upsampling = upsampling;
        return b;
    }

    /** The channel count of level {@code level}: {@code baseFilters * 2^level}. */
    public int channels(int level) {
        return baseFilters << level;
    }

    /** The width of the sinusoidal features of the condition: {@code baseFilters} rounded up to even. */
    public int sinusoidalDim() {
        return baseFilters + (baseFilters % 2);
    }

    /** Mutable builder of {@link UNetConfig}; each setter returns the builder. */
    public static final class Builder {
        private int dims = 2;
        private int inChannels = 1;
        private int outChannels = 1;
        private int levels = 4;
        private int baseFilters = 32;
        private int blocksPerLevel = 2;
        private boolean periodic;
        private boolean timeConditioning;
        private int timeDim;
        private int groups = 8;
        private Activation activation = Activation.gelu();
        private Upsampling upsampling = Upsampling.TRANSPOSED_CONV;

        private Builder() {
        }

        /** Spatial dimensions, 1 to 3. */
        public Builder dims(int v) {
            dims = v;
            return this;
        }

        /** Input channels. */
        public Builder inChannels(int v) {
            inChannels = v;
            return this;
        }

        /** Output channels. */
        public Builder outChannels(int v) {
            outChannels = v;
            return this;
        }

        /** Resolution levels. */
        public Builder levels(int v) {
            levels = v;
            return this;
        }

        /** Channels of the first level. */
        public Builder baseFilters(int v) {
            baseFilters = v;
            return this;
        }

        /** Residual blocks per level. */
        public Builder blocksPerLevel(int v) {
            blocksPerLevel = v;
            return this;
        }

        /** Periodic padding everywhere. */
        public Builder periodic(boolean v) {
            periodic = v;
            return this;
        }

        /** Conditioning on {@link Context#condition()}. */
        public Builder timeConditioning(boolean v) {
            timeConditioning = v;
            return this;
        }

        /** Width of the time embedding MLP; 0 picks {@code 4 * baseFilters}. */
        public Builder timeDim(int v) {
            timeDim = v;
            return this;
        }

        /** Requested GroupNorm group count. */
        public Builder groups(int v) {
            groups = v;
            return this;
        }

        /** The nonlinearity. */
        public Builder activation(Activation v) {
            activation = v;
            return this;
        }

        /** The decoder's upsampling. */
        public Builder upsampling(Upsampling v) {
            upsampling = v;
            return this;
        }

        /** The validated configuration. */
        public UNetConfig build() {
            return new UNetConfig(dims, inChannels, outChannels, levels, baseFilters, blocksPerLevel, periodic,
                    timeConditioning, timeDim, groups, activation, upsampling);
        }
    }
}
