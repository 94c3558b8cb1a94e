package dev.adjoint.nn;

import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Layers applied one after another, PyTorch's {@code nn.Sequential}. Each child has a name ({@code "0"},
 * {@code "1"}, ... for {@link #of}, or chosen with the {@link #builder()}); its parameters appear in the tree
 * as {@code name/param}. Child {@code i} is initialized from {@code key.foldIn(i)} and applied with
 * {@code context.child(i)}, so its parameters and its dropout masks do not depend on its siblings.
 */
public final class Sequential implements Layer {
    private final List<String> names;
    private final List<Layer> layers;

    private Sequential(List<String> names, List<Layer> layers) {
        this.names = List.copyOf(names);
        this.layers = List.copyOf(layers);
    }

    /** The layers in order, named {@code "0"}, {@code "1"}, .... */
    public static Sequential of(Layer... layers) {
        Builder b = builder();
        for (Layer layer : layers) {
            b.add(layer);
        }
        return b.build();
    }

    /** A builder for a sequence of named layers. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects named layers for a {@link Sequential}. */
    public static final class Builder {
        private final List<String> names = new ArrayList<>();
        private final List<Layer> layers = new ArrayList<>();
        private final Set<String> seen = new HashSet<>();

        private Builder() {
        }

        /** Appends {@code layer} under {@code name}: non-empty, without {@code /}, unique. */
        public Builder add(String name, Layer layer) {
            if (name == null || name.isEmpty() || name.contains("/")) {
                throw new IllegalArgumentException("Sequential: child name '" + name
                        + "'; expected a non-empty name without '/'");
            }
            if (layer == null) {
                throw new IllegalArgumentException("Sequential: child '" + name + "' is null");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("Sequential: duplicate child name '" + name + "'; names so far "
                        + names);
            }
            names.add(name);
            layers.add(layer);
            return this;
        }

        /** Appends {@code layer} named after its position ({@code "0"}, {@code "1"}, ...). */
        public Builder add(Layer layer) {
            return add(String.valueOf(layers.size()), layer);
        }

        /** The sequence of the layers added so far. */
        public Sequential build() {
            return new Sequential(names, layers);
        }
    }

    /** The child names, in order. */
    public List<String> names() {
        return names;
    }

    /** The children, in order. */
    public List<Layer> layers() {
        return layers;
    }

    /** The number of children. */
    public int size() {
        return layers.size();
    }

    /** The child called {@code name}. */
    public Layer get(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("Sequential: no child '" + name + "'; the children are " + names);
        }
        return layers.get(i);
    }

    /** The children's parameters, child {@code i} from {@code key.foldIn(i)}, prefixed with its name. */
    @Override
    public Params init(RandomKey key) {
        Params p = Params.empty();
        for (int i = 0; i < layers.size(); i++) {
            p = p.merge(layers.get(i).init(key.foldIn(i)).prefixed(names.get(i)));
        }
        return p;
    }

    @Override
    public Tensor apply(Params params, Tensor input, Context context) {
        Tensor x = input;
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).apply(params.subtree(names.get(i)), x, context.child(i));
        }
        return x;
    }

    /** {@code Sequential(} then one indented line {@code (name): child} per child, then {@code )}. */
    @Override
    public String describe() {
        StringBuilder b = new StringBuilder("Sequential(");
        for (int i = 0; i < layers.size(); i++) {
            String child = layers.get(i).describe().replace("\n", "\n  ");
            b.append("\n  (").append(names.get(i)).append("): ").append(child);
        }
        return b.append(layers.isEmpty() ? ")" : "\n)").toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
