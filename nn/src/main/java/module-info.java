/**
 * Neural networks: dense, convolutional and normalization layers, U-Net and ResNet, initializers, and
 * continuous convolutions (CConv, antisymmetric CConv, symmetric basis convolutions). Main code
 * depends on no Adjoint module but {@code dev.adjoint.api}; composition happens in {@code
 * dev.adjoint.apps}.
 */
module dev.adjoint.nn {
    requires transitive dev.adjoint.api;

    exports dev.adjoint.nn;
}
