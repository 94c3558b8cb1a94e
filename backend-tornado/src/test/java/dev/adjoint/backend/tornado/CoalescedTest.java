package dev.adjoint.backend.tornado;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Axis merging for the device kernels' index spaces. */
class CoalescedTest {
    @Test
    void contiguousOperandsBecomeOneAxis() {
        Coalesced c = Coalesced.of(new int[] {4, 5, 6}, new int[][] {{30, 6, 1}, {30, 6, 1}});
        assertThat(c.dims()).containsExactly(120);
        assertThat(c.strides()[0]).containsExactly(1);
        assertThat(c.strides()[1]).containsExactly(1);
    }

    @Test
    void aBroadcastAxisStaysApartAndUnitAxesVanish() {
        // [4, 1, 5, 6] + a row of 6 broadcast over the first three axes
        Coalesced c = Coalesced.of(new int[] {4, 1, 5, 6}, new int[][] {{30, 30, 6, 1}, {0, 0, 0, 1}});
        assertThat(c.dims()).containsExactly(20, 6);
        assertThat(c.strides()[0]).containsExactly(6, 1);
        assertThat(c.strides()[1]).containsExactly(0, 1);
    }

    @Test
    void aTransposeKeepsBothAxesAndAScalarHasNone() {
        Coalesced t = Coalesced.of(new int[] {3, 4}, new int[][] {{1, 3}, {4, 1}});
        assertThat(t.dims()).containsExactly(3, 4);
        assertThat(t.strides()[0]).containsExactly(1, 3);
        Coalesced s = Coalesced.of(new int[] {1, 1}, new int[][] {{0, 0}});
        assertThat(s.rank()).isZero();
    }
}
