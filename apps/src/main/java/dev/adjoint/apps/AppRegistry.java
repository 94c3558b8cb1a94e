package dev.adjoint.apps;

import java.util.List;

/** The reproduction apps that {@code adjoint list} shows and {@code adjoint run} will start. */
public final class AppRegistry {
    /** One registered app: the name users type and a one-line summary. */
    public record AppInfo(String name, String summary) {
    }

    private static final List<AppInfo> APPS = List.of();

    private AppRegistry() {
    }

    /** Every registered app, in the order {@code adjoint list} prints them. */
    public static List<AppInfo> apps() {
        return APPS;
    }
}
