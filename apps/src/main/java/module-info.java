/**
 * The {@code adjoint} command line. It is the one module that composes physics, networks, optimizers and
 * diffusion; backends reach it only through {@link java.util.ServiceLoader} in {@code dev.adjoint.api}.
 */
module dev.adjoint.apps {
    requires dev.adjoint.api;
    requires dev.adjoint.physics;
    requires dev.adjoint.nn;
    requires dev.adjoint.optim;
    requires dev.adjoint.diffusion;
    // jcommander 2.0 has no module descriptor and no Automatic-Module-Name: its name comes from the jar's file name.
    requires jcommander;
    // The apps' pictures: PNG and GIF through ImageIO, line plots through XChart (an automatic module).
    requires java.desktop;
    requires org.knowm.xchart;
    // adjoint bench: JMH (an automatic module, named after its jar) and the Vector API for the FMA baseline. The
    // benchmarks themselves run on the class path (see the adjoint launcher), where JMH's forks can find them.
    requires jmh.core;
    requires jdk.incubator.vector;

    // JCommander injects option values into the command objects' fields by reflection.
    opens dev.adjoint.apps.cli to jcommander;
    opens dev.adjoint.apps.control to jcommander;
    opens dev.adjoint.apps.physics to jcommander;
    opens dev.adjoint.apps.inverse to jcommander;
}
