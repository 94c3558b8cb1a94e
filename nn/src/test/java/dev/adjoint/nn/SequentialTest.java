package dev.adjoint.nn;

import static dev.adjoint.nn.LayerTesting.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import dev.adjoint.api.testing.GradCheck;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequentialTest {

    @Test
    void ofNamesChildrenByPositionAndPrefixesTheirParameters() {
        Sequential model = Sequential.of(new Dense(2, 3), Activation.relu(), new Dense(3, 1));
        assertThat(model.names()).containsExactly("0", "1", "2");
        assertThat(model.size()).isEqualTo(3);
        Params p = model.init(RandomKey.of(1));
        assertThat(p.names()).containsExactly("0/weight", "0/bias", "2/weight", "2/bias");
        assertThat(p.get("2/weight").shape().dims()).containsExactly(1, 3);
    }

    @Test
    void builderUsesTheGivenNames() {
        Sequential model = Sequential.builder().add("encoder", new Dense(4, 8)).add("act", Activation.gelu())
                .add("head", new Dense(8, 2, false)).build();
        assertThat(model.names()).containsExactly("encoder", "act", "head");
        assertThat(model.get("head")).isSameAs(model.layers().get(2));
        assertThat(model.init(RandomKey.of(1)).names()).containsExactly("encoder/weight", "encoder/bias",
                "head/weight");
        assertThatThrownBy(() -> Sequential.builder().add("a", Activation.relu()).add("a", Activation.relu()))
                .hasMessageContaining("duplicate").hasMessageContaining("'a'");
        assertThatThrownBy(() -> Sequential.builder().add("a/b", Activation.relu())).hasMessageContaining("'a/b'");
        assertThatThrownBy(() -> model.get("tail")).hasMessageContaining("tail").hasMessageContaining("encoder");
    }

    @Test
    void childIIsInitializedFromKeyFoldInI() {
        Dense first = new Dense(2, 3);
        Dense second = new Dense(3, 2);
        RandomKey key = RandomKey.of(9);
        Params p = Sequential.of(first, Activation.tanh(), second).init(key);
        Params expected = first.init(key.foldIn(0)).prefixed("0").merge(second.init(key.foldIn(2)).prefixed("2"));
        assertThat(p.names()).isEqualTo(expected.names());
        for (String name : p.names()) {
            assertThat(p.get(name).toFloatArray()).as(name).containsExactly(expected.get(name).toFloatArray());
        }
        // The two dense layers draw different weights.
        assertThat(p.get("0/bias").toFloatArray()).isNotEqualTo(Arrays.copyOf(p.get("2/bias").toFloatArray(), 3));
    }

    @Test
    void appliesChildrenInOrderWithTheirSubtrees() {
        Dense first = new Dense(2, 3);
        Dense second = new Dense(3, 2);
        Sequential model = Sequential.of(first, Activation.tanh(), second);
        Params p = model.init(RandomKey.of(2));
        Tensor x = random(3, DType.FLOAT32, 5, 2);
        Tensor expected = second.apply(p.subtree("2"), first.apply(p.subtree("0"), x).tanh());
        assertThat(model.apply(p, x).toFloatArray()).containsExactly(expected.toFloatArray());
    }

    @Test
    void childIRunsWithContextChildI() {
        Dropout dropout = new Dropout(0.5);
        Sequential model = Sequential.of(dropout, dropout);
        RandomKey key = RandomKey.of(4);
        Tensor x = Tensor.ones(DType.FLOAT64, 64);
        Tensor y = model.apply(Params.empty(), x, Context.training(key));
        Tensor m0 = dropout.apply(Params.empty(), x, Context.training(key.foldIn(0)));
        Tensor expected = dropout.apply(Params.empty(), m0, Context.training(key.foldIn(1)));
        assertThat(y.toDoubleArray()).containsExactly(expected.toDoubleArray());
        // Independent masks: the second dropout does not reuse the first one's.
        Tensor m1 = dropout.apply(Params.empty(), x, Context.training(key.foldIn(1)));
        assertThat(m1.toDoubleArray()).isNotEqualTo(m0.toDoubleArray());
        assertThat(model.apply(Params.empty(), x).toDoubleArray()).containsOnly(1.0);
    }

    @Test
    void describeListsTheChildrenIndented() {
        Sequential inner = Sequential.of(new Dense(2, 2), Activation.tanh());
        Sequential model = Sequential.builder().add("body", inner).add("head", new Dense(2, 1)).build();
        assertThat(model.describe()).isEqualTo("""
                Sequential(
                  (body): Sequential(
                    (0): Dense(2 -> 2)
                    (1): Tanh
                  )
                  (head): Dense(2 -> 1)
                )""");
        assertThat(model.init(RandomKey.of(1)).names()).containsExactly("body/0/weight", "body/0/bias",
                "head/weight", "head/bias");
        assertThat(Sequential.of().describe()).isEqualTo("Sequential()");
    }

    @Test
    void gradientsMatchFiniteDifferencesInFloat64() {
        Sequential model = Sequential.of(new Dense(3, 4).withDType(DType.FLOAT64), Activation.tanh(),
                new LayerNorm(4).withDType(DType.FLOAT64), new Dense(4, 2).withDType(DType.FLOAT64));
        Params p = model.init(RandomKey.of(1));
        List<String> names = p.names();
        int n = names.size();
        Tensor[] inputs = new Tensor[n + 1];
        for (int i = 0; i < n; i++) {
            inputs[i] = p.get(names.get(i));
        }
        inputs[n] = random(2, DType.FLOAT64, 5, 3);
        GradCheck.check(xs -> model.apply(Params.unflatten(names, Arrays.asList(xs).subList(0, n)), xs[n]), inputs);
    }
}
