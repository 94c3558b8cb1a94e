package dev.adjoint.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.api.DType;
import dev.adjoint.api.Params;
import dev.adjoint.api.RandomKey;
import dev.adjoint.api.Tensor;
import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void tableListsEveryTensorAndTheTotal() {
        Sequential model = Sequential.builder().add("embed", new Dense(64, 32)).add("act", Activation.gelu())
                .add("out", new Dense(32, 2, false)).build();
        Params p = model.init(RandomKey.of(1));
        assertThat(p.parameterCount()).isEqualTo(64 * 32 + 32 + 64);
        assertThat(Summary.table(model, p)).isEqualTo("""
                Sequential(
                  (embed): Dense(64 -> 32)
                  (act): GELU
                  (out): Dense(32 -> 2, bias=false)
                )

                name          shape      dtype    count
                ---------------------------------------
                embed/weight  (32, 64)   float32  2,048
                embed/bias    (32,)      float32     32
                out/weight    (2, 32)    float32     64
                ---------------------------------------
                total         3 tensors           2,144
                """);
    }

    @Test
    void tableOfASingleFloat64TensorAndOfNothing() {
        Params p = Params.of("w", Tensor.ones(DType.FLOAT64, 3));
        assertThat(Summary.table(p)).isEqualTo("""
                name   shape     dtype    count
                -------------------------------
                w      (3,)      float64      3
                -------------------------------
                total  1 tensor               3
                """);
        assertThat(Summary.table(Params.empty())).isEqualTo("""
                name   shape      dtype  count
                ------------------------------
                ------------------------------
                total  0 tensors             0
                """);
    }
}
