package dev.adjoint.apps;

import dev.adjoint.apps.control.StableBpttApp;
import dev.adjoint.apps.inverse.HigApp;
import dev.adjoint.apps.inverse.SipApp;
import dev.adjoint.apps.physics.CavityApp;
import dev.adjoint.apps.physics.SmokePlumeApp;
import dev.adjoint.apps.physics.TaylorGreenApp;
import dev.adjoint.apps.run.App;
import java.util.List;

/** The reproduction apps that {@code adjoint list} shows and {@code adjoint run} starts. */
public final class AppRegistry {
    /** One registered app: the name users type and a one-line summary. */
    public record AppInfo(String name, String summary) {
    }

    private static final List<App<?>> APPS = List.of(new SmokePlumeApp(), new CavityApp(), new TaylorGreenApp(),
            new StableBpttApp(), new SipApp(), new HigApp());

    private AppRegistry() {
    }

    /** Every registered app, in the order {@code adjoint list} prints them. */
    public static List<App<?>> apps() {
        return APPS;
    }

    /** Name and summary of every registered app. */
    public static List<AppInfo> infos() {
        return APPS.stream().map(a -> new AppInfo(a.name(), a.summary())).toList();
    }
}
