package org.iokit4j.kernel.catalogue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.iokit4j.Failure;
import org.iokit4j.kernel.bundle.DriverBundle;
import org.iokit4j.kernel.bundle.Personality;
import org.iokit4j.kernel.matching.Matching;
import org.iokit4j.kernel.registry.BusyState;
import org.iokit4j.kernel.registry.IORegistry;
import org.iokit4j.kernel.registry.RegistryEntry;
import org.iokit4j.mig.DextObject;
import org.iokit4j.mig.DextServer;

/**
 * The kernel's catalogue of driver personalities (IOCatalogue): when a provider registers, the personalities
 * that match it are made and started, one per {@code IOMatchCategory} (the highest {@code IOProbeScore} wins).
 *
 * <p>Matching runs on the thread that registered the provider; providers registered meanwhile (a driver's
 * {@code Start} calling {@code RegisterService}) are matched by the same loop once the current driver's
 * {@code Start} returns, so boot ends with every driver started and nothing runs behind the caller's back.
 *
 * <p><b>Concurrency.</b> Thread-safe; one thread at a time runs the matching loop.
 */
public final class DriverCatalogue {

    /** What the catalogue needs from the kernel: driver servers, and binding entries to driver objects. */
    public interface ServerLauncher {
        /**
         * {@return the running server named {@code serverName} for {@code bundle}, launched if needed}
         *
         * @param bundle     the driver bundle.
         * @param serverName the driver server's name ({@code IOUserServerName}).
         */
        DextServer server(DriverBundle bundle, String serverName);

        /**
         * Binds {@code entry} to the driver object {@code object} made in {@code server}.
         *
         * @param entry  the registry entry.
         * @param server the driver server that runs it.
         * @param object the driver's object for the entry.
         */
        void bind(RegistryEntry entry, DextServer server, DextObject object);

        /**
         * Forgets an entry whose driver could not start.
         *
         * @param entry the entry that left the registry.
         */
        void forget(RegistryEntry entry);
    }

    /** A personality and the bundle that declared it. */
    private record Candidate(DriverBundle bundle, Personality personality) {
    }

    private final IORegistry registry;
    private final ServerLauncher launcher;
    private final Consumer<Failure> problems;
    private final List<Candidate> candidates = new CopyOnWriteArrayList<>();
    private final Map<Long, Set<String>> attachedCategories = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<RegistryEntry> pending = new ConcurrentLinkedQueue<>();
    /** Each driver the catalogue started: the category it holds on its provider. */
    private final Map<RegistryEntry, String> startedIn = new ConcurrentHashMap<>();
    private Thread matcher;

    /**
     * Creates an empty catalogue.
     *
     * @param problems told of every driver that could not be made or started (the kernel keeps them).
     * @param registry the registry.
     * @param launcher starts driver servers and binds their objects.
     */
    public DriverCatalogue(IORegistry registry, ServerLauncher launcher, Consumer<Failure> problems) {
        this.registry = registry;
        this.launcher = launcher;
        this.problems = problems;
    }

    /**
     * Adds a bundle's personalities and matches them against every provider already registered.
     *
     * @param bundle the driver bundle.
     */
    public void addBundle(DriverBundle bundle) {
        for (Personality personality : bundle.personalities()) {
            candidates.add(new Candidate(bundle, personality));
        }
        registry.all().stream().filter(RegistryEntry::isRegistered).forEach(this::queue);
        drain();
    }

    /**
     * A provider registered: match personalities against it (now, or after the current matching step).
     *
     * @param provider the provider: the entry whose drivers are matched.
     */
    public void registered(RegistryEntry provider) {
        queue(provider);
        drain();
    }

    /**
     * Queues {@code provider} for matching; it is busy until its matching is done ({@link BusyState}: XNU's
     * {@code startMatching} adds one to the busy count, {@code doServiceMatch} takes it away once the drivers it
     * started have returned from {@code start}).
     */
    private void queue(RegistryEntry provider) {
        registry.busy().adjust(provider, 1);
        pending.add(provider);
    }

    /**
     * A provider terminated: forget which categories it had.
     *
     * @param provider the provider: the entry whose drivers are matched.
     */
    public void terminated(RegistryEntry provider) {
        attachedCategories.remove(provider.registryEntryID());
        startedIn.remove(provider);
    }

    /**
     * A driver the catalogue started went away with its driver server's death: its provider's category is free
     * again, so {@link #rematch} can start the personality anew (XNU terminates a dead dext's services with
     * {@code kIOServiceTerminateWithRematch}).
     *
     * @param driver the driver whose provider match ended.
     */
    public void released(RegistryEntry driver) {
        final String category = startedIn.remove(driver);
        final RegistryEntry provider = driver.provider();
        final Set<String> attached = provider == null ? null : attachedCategories.get(provider.registryEntryID());
        if (category != null && attached != null) {
            attached.remove(category);
        }
    }

    /**
     * Matches {@code provider} again, as a new registration would: free categories get their best personality.
     *
     * @param provider the provider: the entry whose drivers are matched.
     */
    public void rematch(RegistryEntry provider) {
        registered(provider);
    }

    /** {@return the bundles whose personalities the catalogue holds, each once, in the order they were added} */
    public List<DriverBundle> bundles() {
        final List<DriverBundle> bundles = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (bundles.stream().noneMatch(known -> known == candidate.bundle())) {
                bundles.add(candidate.bundle());
            }
        }
        return bundles;
    }

    private void drain() {
        final Thread me = Thread.currentThread();
        while (true) {
            synchronized (this) {
                if (matcher != null || pending.isEmpty()) {
                    return; // another loop (or this thread's outer loop) will take it
                }
                matcher = me;
            }
            try {
                RegistryEntry provider;
                while ((provider = pending.poll()) != null) {
                    try {
                        if (provider.isRegistered()) {
                            matchProvider(provider);
                        }
                    } finally {
                        registry.busy().adjust(provider, -1);
                    }
                }
            } finally {
                synchronized (this) {
                    matcher = null;
                }
            }
        }
    }

    private void matchProvider(RegistryEntry provider) {
        final Map<String, List<Candidate>> byCategory = new LinkedHashMap<>();
        for (Candidate candidate : candidates) {
            if (Matching.matches(candidate.personality().properties(), provider, registry::isResourcePublished)) {
                byCategory.computeIfAbsent(category(candidate, provider), k -> new ArrayList<>()).add(candidate);
            }
        }
        final Set<String> attached = attachedCategories.computeIfAbsent(provider.registryEntryID(),
                id -> ConcurrentHashMap.newKeySet());
        for (Map.Entry<String, List<Candidate>> category : byCategory.entrySet()) {
            if (attached.contains(category.getKey())) {
                continue;
            }
            final List<Candidate> ranked = new ArrayList<>(category.getValue());
            ranked.sort(Comparator.comparingLong((Candidate c) -> c.personality().ioProbeScore()).reversed());
            for (Candidate candidate : ranked) {
                final RegistryEntry started = start(candidate, provider);
                if (started != null) {
                    attached.add(category.getKey());
                    startedIn.put(started, category.getKey());
                    break;
                }
            }
        }
    }

    /**
     * The personality's {@code IOMatchCategory}. Without one, a personality on {@code IOUserResources} gets a
     * category of its own (its bundle and name): the nub every dext may attach to matches each of them
     * (contract.md §4, "IOUserResources matches unconditionally"), as Xcode's template achieves by setting
     * {@code IOMatchCategory} to the bundle identifier. Elsewhere Apple's default, {@code IODefaultMatchCategory},
     * makes drivers compete.
     */
    private String category(Candidate candidate, RegistryEntry provider) {
        final Personality personality = candidate.personality();
        if (personality.properties().containsKey(Personality.kIOMatchCategoryKey) || provider != registry.userResources()) {
            return personality.ioMatchCategory();
        }
        return candidate.bundle().bundleIdentifier() + "/" + personality.name();
    }

    /** {@return the started driver's entry, or {@code null} if it could not be made or started} */
    private RegistryEntry start(Candidate candidate, RegistryEntry provider) {
        final Personality personality = candidate.personality();
        final String where = "personality \"" + personality.name() + "\" of " + candidate.bundle().bundleIdentifier();
        final DextServer server;
        try {
            server = launcher.server(candidate.bundle(), personality.ioUserServerName());
        } catch (RuntimeException noServer) {
            problems.accept(Failure.of(org.iokit4j.IOReturn.kIOReturnNoResources, "%s: no driver server could be"
                    + " started: %s", where, noServer.getMessage()));
            return null;
        }
        final Map<String, Object> properties = new HashMap<>(personality.properties());
        properties.putIfAbsent("CFBundleIdentifier", candidate.bundle().bundleIdentifier());
        properties.put("IOUserServerName", personality.ioUserServerName());
        properties.put("IOPersonalityName", personality.name());
        final RegistryEntry entry = registry.newEntry(personality.ioUserClass(), personality.ioClass(), properties,
                provider, candidate.bundle(), personality.ioUserClass());
        final DextObject[] made = new DextObject[1];
        final Failure failure = server.instantiate(personality.ioUserClass(), entry, made);
        if (failure != null) {
            registry.remove(entry);
            problems.accept(failure.within(where));
            return null;
        }
        launcher.bind(entry, server, made[0]);
        final Failure startFailure = made[0].start(provider);
        if (startFailure != null) {
            launcher.forget(entry);
            made[0].free();
            problems.accept(startFailure.within(where + ": Start failed, the service was removed"));
            return null;
        }
        return entry;
    }
}
