package dev.adjoint.api.spi;

/** Elementwise comparisons; the result is an INT32 mask of 0 and 1. NaN compares false except in NE. */
public enum CompareOp {
    EQ, NE, LT, LE, GT, GE
}
