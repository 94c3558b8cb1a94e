package dev.adjoint.apps.cli;

import com.beust.jcommander.Parameter;

/** Options given before the sub-command. */
public final class GlobalOptions {
    @Parameter(names = {"-h", "--help"}, help = true, description = "Show this help")
    private boolean help;

    public boolean help() {
        return help;
    }
}
