/**
 * Optimization: SGD, Adam(W), schedules, clipping, BPTT rollouts with the R/M/S/C gradient variants,
 * SIP and HIG updates. Main code depends on no Adjoint module but {@code dev.adjoint.api}; composition
 * happens in {@code dev.adjoint.apps}.
 */
module dev.adjoint.optim {
    requires transitive dev.adjoint.api;

    exports dev.adjoint.optim;
}
