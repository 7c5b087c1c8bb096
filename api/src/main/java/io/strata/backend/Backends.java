// SPDX-License-Identifier: Apache-2.0
package io.strata.backend;

import io.strata.BackendNotFoundException;
import io.strata.internal.StrataLoggers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Finds and caches backends. Selection order: an explicit name, then the system property
 * {@code strata.backend}, then the environment variable {@code STRATA_BACKEND}, then the available
 * provider with the highest priority.
 */
public final class Backends {
    private static final Map<String, Backend> LOADED = new ConcurrentHashMap<>();
    private static final Logger LOG = StrataLoggers.get(Backends.class);

    private Backends() {}

    /** The providers on the class path. */
    public static List<BackendProvider> providers() {
        List<BackendProvider> found = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader()).forEach(found::add);
        if (found.isEmpty()) {
            ServiceLoader.load(BackendProvider.class).forEach(found::add);
        }
        return found;
    }

    /** The backend to use, loading it on first use. */
    public static Backend select(@Nullable String name) {
        String wanted = name;
        if (wanted == null || wanted.isBlank()) {
            wanted = System.getProperty("strata.backend");
        }
        if (wanted == null || wanted.isBlank()) {
            wanted = System.getenv("STRATA_BACKEND");
        }
        List<BackendProvider> providers = providers();
        BackendProvider chosen;
        if (wanted != null && !wanted.isBlank()) {
            String w = wanted;
            chosen = providers.stream().filter(p -> p.name().equalsIgnoreCase(w)).findFirst().orElseThrow(() ->
                    new BackendNotFoundException("Backend '" + w + "' was asked for but is not on the class path. Found: "
                            + describe(providers) + ". Add io.strata:strata-backend-" + w + " to your dependencies."));
            if (!chosen.isAvailable()) {
                throw new BackendNotFoundException("Backend '" + w + "' is on the class path but cannot run here "
                        + "(its native libraries are missing).");
            }
        } else {
            chosen = providers.stream().filter(BackendProvider::isAvailable)
                    .max(Comparator.comparingInt(BackendProvider::priority)).orElseThrow(() ->
                            new BackendNotFoundException("No Strata backend found on the class path (found: "
                                    + describe(providers) + "). Add io.strata:strata-backend-tensorflow to your "
                                    + "dependencies."));
        }
        BackendProvider p = chosen;
        return LOADED.computeIfAbsent(p.name(), n -> {
            Backend b = p.create(BackendOptions.defaults());
            LOG.debug("Strata backend {} selected ({})", b.name(), p.getClass().getName());
            return b;
        });
    }

    private static String describe(List<BackendProvider> providers) {
        return providers.isEmpty() ? "none" : providers.stream().map(BackendProvider::name).collect(Collectors.joining(", "));
    }
}
