package dev.adjoint.api;

import dev.adjoint.api.spi.Backend;
import dev.adjoint.api.spi.BackendProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Finds backends with {@link ServiceLoader} and selects the one new tensors are created on: the system
 * property {@code adjoint.backend}, else the environment variable {@code ADJOINT_BACKEND}, else the
 * available provider with the highest priority. {@link #use(Backend)} overrides the choice for the
 * current thread within a scope.
 */
public final class Backends {
    /** The system property that names a backend. */
    public static final String PROPERTY = "adjoint.backend";
    /** The environment variable that names a backend when the property is absent. */
    public static final String ENVIRONMENT = "ADJOINT_BACKEND";

    private static final ThreadLocal<Backend> SCOPED = new ThreadLocal<>();
    private static final Map<String, Backend> CREATED = new ConcurrentHashMap<>();
    private static volatile List<BackendProvider> providers;

    private Backends() {
    }

    /** A selected backend and why it was chosen. */
    public record Selection(Backend backend, String reason) {
    }

    /** What one discovered provider says about itself. */
    public record ProviderInfo(String name, int priority, boolean available, String detail) {
    }

    /** The backend new tensors are created on in this thread. */
    public static Backend current() {
        Backend scoped = SCOPED.get();
        return scoped != null ? scoped : selection().backend();
    }

    /**
     * The process-wide selection and its reason, read afresh from the property and environment on every
     * call; throws {@link BackendNotFoundException} when the named backend is unknown or unavailable.
     */
    public static Selection selection() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return new Selection(byName(property.trim()), "named by -D" + PROPERTY + "=" + property.trim());
        }
        String env = System.getenv(ENVIRONMENT);
        if (env != null && !env.isBlank()) {
            return new Selection(byName(env.trim()), "named by " + ENVIRONMENT + "=" + env.trim());
        }
        BackendProvider best = loadedProviders().stream()
                .filter(p -> safeAvailability(p).available())
                .findFirst()
                .orElseThrow(() -> new BackendNotFoundException("no available Adjoint backend was found; "
                        + "discovered: " + describe(providers())));
        return new Selection(create(best), "highest priority (" + best.priority() + ") of the available backends");
    }

    /** The backend with this name (case-insensitive), created once per process. */
    public static Backend byName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (BackendProvider p : loadedProviders()) {
            if (p.name().equalsIgnoreCase(wanted)) {
                BackendProvider.Availability a = safeAvailability(p);
                if (!a.available()) {
                    throw new BackendNotFoundException("backend '" + name + "' is not available: " + a.detail()
                            + "; available backends: " + availableNames());
                }
                return create(p);
            }
        }
        throw new BackendNotFoundException("unknown backend '" + name + "'; available backends: " + availableNames());
    }

    /** Every discovered provider, highest priority first. */
    public static List<ProviderInfo> providers() {
        List<ProviderInfo> out = new ArrayList<>();
        for (BackendProvider p : loadedProviders()) {
            BackendProvider.Availability a = safeAvailability(p);
            out.add(new ProviderInfo(p.name(), p.priority(), a.available(), a.detail()));
        }
        return out;
    }

    /**
     * Makes {@code backend} the current one for this thread until the returned scope is closed; scopes nest.
     */
    public static Scope use(Backend backend) {
        Backend previous = SCOPED.get();
        SCOPED.set(backend);
        return () -> {
            if (previous == null) {
                SCOPED.remove();
            } else {
                SCOPED.set(previous);
            }
        };
    }

    /** A thread-local backend override; closing it restores the previous choice. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private static String availableNames() {
        String names = providers().stream().filter(ProviderInfo::available).map(ProviderInfo::name)
                .collect(Collectors.joining(", "));
        return names.isEmpty() ? "(none)" : names;
    }

    private static String describe(List<ProviderInfo> infos) {
        return infos.isEmpty() ? "(none)" : infos.stream()
                .map(i -> i.name() + (i.available() ? "" : " (unavailable: " + i.detail() + ")"))
                .collect(Collectors.joining(", "));
    }

    private static BackendProvider.Availability safeAvailability(BackendProvider p) {
        try {
            return p.availability();
        } catch (RuntimeException | LinkageError e) {
            return BackendProvider.Availability.no("availability probe failed: " + e);
        }
    }

    private static Backend create(BackendProvider p) {
        return CREATED.computeIfAbsent(p.name(), n -> p.create());
    }

    private static List<BackendProvider> loadedProviders() {
        List<BackendProvider> list = providers;
        if (list == null) {
            synchronized (Backends.class) {
                list = providers;
                if (list == null) {
                    list = new ArrayList<>();
                    for (ServiceLoader.Provider<BackendProvider> sp
                            : ServiceLoader.load(BackendProvider.class).stream().toList()) {
                        try {
                            list.add(sp.get());
                        } catch (java.util.ServiceConfigurationError | RuntimeException | LinkageError e) {
                            // A provider that cannot even be constructed is skipped; the others still work.
                        }
                    }
                    list.sort(Comparator.comparingInt(BackendProvider::priority).reversed()
                            .thenComparing(BackendProvider::name));
                    providers = List.copyOf(list);
                }
            }
        }
        return list;
    }
}
