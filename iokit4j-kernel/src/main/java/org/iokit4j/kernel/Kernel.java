package org.iokit4j.kernel;

import static org.iokit4j.IOReturn.kIOReturnBadArgument;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.iokit4j.Diagnostics;
import org.iokit4j.Failure;
import org.iokit4j.kernel.bundle.BundleException;
import org.iokit4j.kernel.bundle.BundleLoader;
import org.iokit4j.kernel.bundle.Discovery;
import org.iokit4j.kernel.bundle.DriverBundle;
import org.iokit4j.kernel.catalogue.DriverCatalogue;
import org.iokit4j.kernel.notification.NotificationCenter;
import org.iokit4j.kernel.registry.IORegistry;
import org.iokit4j.kernel.registry.RegistryEntry;
import org.iokit4j.kernel.userclient.CompletionAction;
import org.iokit4j.kernel.userclient.MainPort;
import org.iokit4j.kernel.userclient.UserClient;
import org.iokit4j.mach.MachPort;
import org.iokit4j.mach.MachTask;
import org.iokit4j.mach.TaskHandle;
import org.iokit4j.mig.Caller;
import org.iokit4j.mig.DextHost;
import org.iokit4j.mig.DextObject;
import org.iokit4j.mig.DextServer;
import org.iokit4j.mig.IOKitServer;

/**
 * An embedded IOKit kernel: the I/O Registry, the driver catalogue, driver servers, and the rules every client
 * call passes through. The process's default kernel is one instance ({@code kIOMainPortDefault} reaches it);
 * tests can boot many isolated kernels side by side.
 *
 * {@snippet :
 * try (Kernel kernel = Kernel.builder().bundle("bundles/echo/Info.plist").discoverClassPath(false).boot()) {
 *     MachTask app = kernel.createTask("app", Map.of());
 *     Caller.runAs(new Caller(kernel, app), () -> {
 *         int service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching("EchoDriver"));
 *         // ...
 *     });
 * }
 * }
 *
 * <p>Boot loads the driver bundles, then registers {@code IOUserResources}: every personality that matches is
 * made and started (and every service those drivers register is matched in turn) before {@link Builder#boot()}
 * returns. A driver that cannot be made or started is recorded in {@link #problems()} and the rest go on.
 *
 * <p><b>Concurrency.</b> Thread-safe. Every routine runs on the caller's thread (a trap); driver code runs on the
 * driver's queues.
 */
public final class Kernel extends KernelRoutines implements AutoCloseable {
    private final String name;
    private final IORegistry registry;
    private final DriverCatalogue catalogue;
    private final DextHost host;
    private final MachTask defaultTask;
    private final MachPort mainPort = MachPort.forKernelObject(new MainPort());
    private final Map<String, DextServer> servers = new ConcurrentHashMap<>();
    private final Map<DextObject, RegistryEntry> byDext = new ConcurrentHashMap<>();
    /** Live tasks: each leaves when it terminates (issue 8: no per-task state outlives its task). */
    private final java.util.Set<MachTask> tasks = ConcurrentHashMap.newKeySet();
    /** Where each live task's entitlements come from, in words (a refused open names it). */
    private final Map<MachTask, String> entitlementSources = new ConcurrentHashMap<>();
    /** Each driver server's task, to the server's name. */
    private final Map<MachTask, String> serverTasks = new ConcurrentHashMap<>();
    private final List<Failure> problems = new CopyOnWriteArrayList<>();
    private final CompletionAction.CompletionCounters completions = new CompletionAction.CompletionCounters();
    private final NotificationCenter notifications;
    private final Map<RegistryEntry, UserClient> openClients = new ConcurrentHashMap<>();
    private final RegistryRoutines registryRoutines;
    private final ConnectRoutines connectRoutines;
    private final MemoryRoutines memoryRoutines;
    private final PlaneRoutines planeRoutines = new PlaneRoutines(this);
    private final PropertyRoutines propertyRoutines = new PropertyRoutines(this);
    private final ObjectRoutines objectRoutines;
    private final BusyRoutines busyRoutines;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ServerRestarts restarts;
    /** How many problems the kernel keeps: the newest. */
    static final int MAX_PROBLEMS = 1000;

    private Kernel(Builder builder) {
        this.name = builder.name;
        this.host = builder.host != null ? builder.host : findHost(builder.loader);
        this.restarts = new ServerRestarts(builder.restartPolicy);
        this.registry = new IORegistry(new KernelViews.EntryCallbacks(this));
        this.catalogue = new DriverCatalogue(registry, new KernelViews.Launcher(this), this::problem);
        this.notifications = new NotificationCenter(registry);
        this.defaultTask = createTask(builder.name + ".app", builder.appEntitlements.get(),
                builder.appEntitlementsSource.get());
        this.registryRoutines = new RegistryRoutines(registry, mainPort);
        this.connectRoutines = new ConnectRoutines(this, completions);
        this.memoryRoutines = new MemoryRoutines(this);
        this.objectRoutines = new ObjectRoutines(this);
        this.busyRoutines = new BusyRoutines(registry);
    }

    /** {@return a builder for a kernel} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the process's default kernel (booted on first use, with every bundle on the class path)} */
    public static IOKitServer systemDefault() {
        return Caller.defaultKernel();
    }

    /** {@return the kernel's name} */
    public String name() {
        return name;
    }

    /**
     * {@return the drivers that could not be made or started, bundles that could not be read, personalities that
     * never run (no {@code IOUserServerName}, an {@code IOProviderClass} no class has, a personality on
     * {@code IOUserResources} its other keys refuse: {@code BootProblems}), and driver servers that died} The newest
     * {@value #MAX_PROBLEMS}.
     */
    public List<Failure> problems() {
        return List.copyOf(problems);
    }

    /** {@return completions the kernel queued on wake ports, and dropped} */
    public CompletionAction.CompletionCounters completions() {
        return completions;
    }

    /**
     * {@return the running driver server named {@code serverName}, or {@code null}}
     *
     * @param serverName the driver server's name ({@code IOUserServerName}).
     */
    public DextServer driverServer(String serverName) {
        return servers.get(serverName);
    }

    /** {@return every registry entry, oldest first (an {@code ioreg}-style view)} */
    public List<RegistryEntry> registryEntries() {
        return registry.all();
    }

    @Override
    public List<Failure> problems(TaskHandle task) {
        return problems();
    }

    /**
     * {@return a caller for {@code task} in this kernel}
     *
     * @param task one of this kernel's tasks.
     */
    public Caller caller(MachTask task) {
        return new Caller(this, task);
    }

    /** {@return the notification centre: installed notifications, messages sent and dropped} */
    @Override
    public NotificationCenter notifications() {
        return notifications;
    }

    /**
     * Terminates the service with {@code registryEntryID} ({@code IOService::terminate}): it leaves matching, its
     * interest notifications get {@code kIOMessageServiceIsTerminated}, its child services terminate, its open user
     * clients close (calls on them then fail with {@code MACH_SEND_INVALID_DEST}), its driver gets {@code Stop} and
     * is freed, it leaves the registry, and terminated notifications fire. Runs on the calling thread.
     *
     * @param registryEntryID the service's registry entry ID.
     * @return whether a live service with that ID was terminated ({@code false}: unknown or already terminated).
     */
    public boolean terminate(long registryEntryID) {
        final RegistryEntry entry = registry.byID(registryEntryID);
        final UserClient client = entry == null ? null : openClients.get(entry);
        if (client != null) {
            return client.close(); // a user client terminates by closing: its port dies, then Stop and free
        }
        return entry != null && entry.dext() != null && Termination.terminate(this, entry);
    }

    /**
     * Terminates every registered service matching {@code matching}, as {@link #terminate(long)} does.
     *
     * @param matching the matching dictionary.
     * @return how many were terminated.
     * @throws IllegalArgumentException naming the problem, for a malformed dictionary.
     */
    public int terminate(Map<String, Object> matching) {
        final org.iokit4j.kernel.matching.Matching.Copy copy = org.iokit4j.kernel.matching.Matching.copy(matching);
        if (copy.failure() != null) {
            throw new IllegalArgumentException("malformed matching dictionary: " + copy.failure().explanation());
        }
        int count = 0;
        for (RegistryEntry entry : registry.matching(copy.dictionary())) {
            count += entry.dext() != null && Termination.terminate(this, entry) ? 1 : 0;
        }
        return count;
    }

    /**
     * Loads a driver bundle after boot: its personalities are matched at once. What {@link #problems()} would report
     * at boot about them (no {@code IOUserServerName}, an {@code IOProviderClass} no class has, …) is reported now.
     *
     * @param bundle the bundle, already read.
     */
    public void loadBundle(DriverBundle bundle) {
        BootProblems.atLoad(bundle).forEach(this::problem);
        catalogue.addBundle(bundle);
        BootProblems.afterMatching(this, List.of(bundle)).forEach(this::problem);
    }

    /**
     * Loads the bundle at class-path resource {@code infoPlist} (e.g. {@code bundles/echo/Info.plist}).
     *
     * @param infoPlist the bundle's {@code Info.plist} as a class-path resource, e.g. {@code bundles/echo/Info.plist}.
     * @param loader    the class loader that finds the bundle and its classes.
     */
    public void loadBundle(String infoPlist, ClassLoader loader) {
        loadBundle(BundleLoader.loadFrom(infoPlist, loader));
    }

    @Override
    public MachTask defaultTask() {
        return defaultTask;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The kernel keeps the task until it terminates ({@link MachTask#terminate()}, or {@link #close()}); then
     * it forgets it. A driver server whose task terminates is terminated too (its objects released, its queues
     * closed) and forgotten, so a later match starts it again.
     */
    @Override
    public MachTask createTask(String taskName, Map<String, Object> entitlements) {
        return createTask(taskName, entitlements, "the entitlements given to Kernel.createTask(\"" + taskName
                + "\", …) (for the kernel daemon's apps: its --entitlements file, docs/kernel-and-bundles.md, \"Running"
                + " the daemon\")");
    }

    /**
     * Creates a task as {@link #createTask(String, Map)}, saying where its entitlements come from, in words: a
     * refused {@code IOServiceOpen} names it as the file to edit (issue 12 §6).
     *
     * @param taskName           the task's name, in explanations.
     * @param entitlements       the task's entitlements.
     * @param entitlementsSource where they come from, in words: named in a refusal as the file to edit.
     * @return the new task.
     */
    public MachTask createTask(String taskName, Map<String, Object> entitlements, String entitlementsSource) {
        final MachTask task = new MachTask(taskName, entitlements);
        entitlementSources.put(task, Objects.requireNonNull(entitlementsSource, "entitlementsSource"));
        tasks.add(task);
        task.whenTerminated(() -> forgetTask(task));
        return task;
    }

    /** {@return where {@code task}'s entitlements come from, in words} */
    String entitlementsSource(MachTask task) {
        return entitlementSources.getOrDefault(task, "the entitlements task '" + task.name() + "' was created with");
    }

    /** {@return how many tasks the kernel knows that have not terminated (its own, driver servers', clients')} */
    public int taskCount() {
        return tasks.size();
    }

    /** Stops every driver server and task. Idempotent: of concurrent callers exactly one does the work. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        restarts.close();
        notifications.close();
        // client tasks first: their connections die while the drivers still run, so each user client gets its
        // Stop (apple-semantics.md §6.6, process death) instead of finding its queue already closed
        for (MachTask task : tasks) {
            if (!serverTasks.containsKey(task)) {
                task.terminate();
            }
        }
        for (DextServer server : servers.values()) {
            server.terminate();
        }
        servers.clear();
        for (MachTask task : serverTasks.keySet()) {
            task.terminate();
        }
    }

    @Override
    public String toString() {
        return "Kernel[" + name + ", " + registry.all().size() + " entries, " + servers.size() + " servers]";
    }

    private void forgetTask(MachTask task) {
        tasks.remove(task);
        entitlementSources.remove(task);
        final String serverName = serverTasks.remove(task);
        final DextServer server = serverName == null ? null : servers.get(serverName);
        if (server != null && servers.remove(serverName, server)) {
            final Failure death = server.death();
            if (death != null && !closed.get()) {
                ServerDeath.handle(this, server, death); // before the server's cleanup releases what it held
            }
            server.terminate(); // idempotent: when the server itself ended its task, this does nothing more
        }
    }

    @Override
    RegistryRoutines registryRoutines() {
        return registryRoutines;
    }

    @Override
    ConnectRoutines connectRoutines() {
        return connectRoutines;
    }

    @Override
    PropertyRoutines properties() {
        return propertyRoutines;
    }

    @Override
    PlaneRoutines planes() {
        return planeRoutines;
    }

    @Override
    ObjectRoutines objects() {
        return objectRoutines;
    }

    @Override
    BusyRoutines busy() {
        return busyRoutines;
    }

    ServerRestarts restarts() {
        return restarts;
    }

    @Override
    MemoryRoutines memoryRoutines() {
        return memoryRoutines;
    }

    /**
     * {@return how many times driver server {@code serverName} died within the restart policy's crash window}
     *
     * @param serverName the driver server's name ({@code IOUserServerName}).
     */
    public int recentDeaths(String serverName) {
        return restarts.recentDeaths(serverName);
    }

    RegistryEntry entryOf(DextObject object) {
        return byDext.get(object);
    }

    void bind(RegistryEntry entry, DextServer server, DextObject object) {
        entry.bind(server, object);
        byDext.put(object, entry);
    }

    void opened(UserClient client) {
        openClients.put(client.entry(), client);
    }

    UserClient openClient(RegistryEntry entry) {
        return openClients.get(entry);
    }

    /** A terminated service leaves the registry; its port stays readable (IORegistry#unregister). */
    void unregister(RegistryEntry entry) {
        if (entry.dext() != null) {
            byDext.remove(entry.dext());
        }
        catalogue.terminated(entry);
        registry.unregister(entry);
    }

    void forget(RegistryEntry entry) {
        openClients.remove(entry);
        if (entry.dext() != null) {
            byDext.remove(entry.dext());
        }
        catalogue.terminated(entry);
        registry.remove(entry);
    }

    IORegistry registry() {
        return registry;
    }

    DriverCatalogue catalogue() {
        return catalogue;
    }

    void problem(Failure failure) {
        problems.add(failure);
        while (problems.size() > MAX_PROBLEMS) { // a server crashing for ever must not grow the kernel for ever
            problems.removeFirst();
        }
        Diagnostics.warn(Diagnostics.BOOT, "kernel '" + name + "': " + failure);
        if (org.iokit4j.trace.BootProblemEvent.enabled()) {
            final org.iokit4j.trace.BootProblemEvent event = new org.iokit4j.trace.BootProblemEvent();
            event.kernel = name;
            event.code = failure.code();
            event.codeName = org.iokit4j.IOReturn.name(failure.code());
            event.explanation = failure.explanation();
            event.commit();
        }
    }

    DextServer server(DriverBundle bundle, String serverName) {
        if (host == null) {
            throw new IllegalStateException("no DriverKit runtime on the class path: add iokit4j-driverkit");
        }
        return servers.computeIfAbsent(serverName, n -> {
            final MachTask task = createTask(n, bundle.entitlements());
            serverTasks.put(task, n);
            restarts.launched(n);
            return host.launch(n, task, bundle.classLoader());
        });
    }

    private Kernel boot(List<DriverBundle> bundles) {
        final RegistryEntry nub = registry.userResources();
        nub.setState(RegistryEntry.State.REGISTERED);
        notifications.published(nub); // recorded as announced, so later adds find it (NotificationCenter)
        notifications.matched(nub);
        for (DriverBundle bundle : bundles) {
            BootProblems.atLoad(bundle).forEach(this::problem);
            catalogue.addBundle(bundle);
        }
        BootProblems.afterMatching(this, bundles).forEach(this::problem); // matching has quiesced: boot is done
        return this;
    }

    private static DextHost findHost(ClassLoader loader) {
        return ServiceLoader.load(DextHost.class, loader).findFirst()
                .or(() -> ServiceLoader.load(DextHost.class, Kernel.class.getClassLoader()).findFirst())
                .orElse(null);
    }

    /** Configures and boots a {@link Kernel}. */
    public static final class Builder {
        private String name = "kernel";
        private ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : Kernel.class.getClassLoader();
        private boolean discoverClassPath = true;
        private final List<String> bundlePaths = new ArrayList<>();
        private final List<DriverBundle> bundles = new ArrayList<>();
        private DextHost host;
        private RestartPolicy restartPolicy = RestartPolicy.DEFAULT;
        private Supplier<Map<String, Object>> appEntitlements = () -> BundleLoader.appEntitlements(loader);
        private Supplier<String> appEntitlementsSource = () -> BundleLoader.appEntitlementsSource(loader);

        private Builder() {
        }

        /**
         * Names the kernel (for explanations and its tasks' names).
         *
         * @param kernelName the kernel's name, in explanations and thread names.
         * @return this builder.
         */
        public Builder name(String kernelName) {
            this.name = Objects.requireNonNull(kernelName, "name");
            return this;
        }

        /**
         * Sets where bundles and driver classes are looked up (default: the context class loader).
         *
         * @param classLoader the loader that finds bundles and driver classes.
         * @return this builder.
         */
        public Builder classLoader(ClassLoader classLoader) {
            this.loader = Objects.requireNonNull(classLoader, "classLoader");
            return this;
        }

        /**
         * Whether to load every {@code META-INF/driverkit/Info.plist} on the class path (default true).
         *
         * @param discover whether to load every bundle on the class path at boot.
         * @return this builder.
         */
        public Builder discoverClassPath(boolean discover) {
            this.discoverClassPath = discover;
            return this;
        }

        /**
         * Adds the bundle whose {@code Info.plist} is class-path resource {@code infoPlist}.
         *
         * @param infoPlist the bundle's {@code Info.plist} as a class-path resource, e.g. {@code
         *                  bundles/echo/Info.plist}.
         * @return this builder.
         */
        public Builder bundle(String infoPlist) {
            bundlePaths.add(Objects.requireNonNull(infoPlist, "infoPlist"));
            return this;
        }

        /**
         * Adds a bundle already loaded.
         *
         * @param bundle the bundle, already read.
         * @return this builder.
         */
        public Builder bundle(DriverBundle bundle) {
            bundles.add(Objects.requireNonNull(bundle, "bundle"));
            return this;
        }

        /**
         * Sets what starts driver servers (default: the {@link DextHost} found with {@link ServiceLoader}, the
         * DriverKit runtime's, which runs them in this JVM). The kernel daemon gives one that starts a JVM per server.
         *
         * @param dextHost what launches driver servers (default: the DriverKit runtime found with {@code
         *                 ServiceLoader}).
         * @return this builder.
         */
        public Builder dextHost(DextHost dextHost) {
            this.host = Objects.requireNonNull(dextHost, "dextHost");
            return this;
        }

        /**
         * Sets when a driver server that died is started again (default {@link RestartPolicy#DEFAULT}).
         *
         * @param policy how crashed driver servers are restarted.
         * @return this builder.
         */
        public Builder restartPolicy(RestartPolicy policy) {
            this.restartPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets the default task's entitlements (default: {@code META-INF/iokit4j/Entitlements.plist}).
         *
         * @param entitlements the entitlements of the kernel's default app task.
         * @return this builder.
         */
        public Builder appEntitlements(Map<String, Object> entitlements) {
            final Map<String, Object> copy = Map.copyOf(entitlements);
            this.appEntitlements = () -> copy;
            this.appEntitlementsSource = () -> "the map given to Kernel.Builder.appEntitlements(…) by the code that"
                    + " boots kernel '" + name + "'";
            return this;
        }

        /**
         * Boots the kernel: loads the bundles and starts every driver that matches.
         *
         * @return the booted kernel; close it when done.
         * @throws BundleException if a bundle named with {@link #bundle(String)} cannot be read (bundles found by
         *                         class-path discovery are skipped instead, and listed in {@link #problems()}).
         */
        public Kernel boot() {
            final List<DriverBundle> all = new ArrayList<>();
            final Kernel kernel = new Kernel(this);
            if (discoverClassPath) {
                final Discovery discovery = BundleLoader.discoverAll(loader);
                all.addAll(discovery.bundles());
                for (BundleException problem : discovery.problems()) {
                    kernel.problem(Failure.of(kIOReturnBadArgument, "%s", problem.getMessage()));
                }
            }
            for (String path : bundlePaths) {
                all.add(BundleLoader.loadFrom(path, loader));
            }
            all.addAll(bundles);
            return kernel.boot(all);
        }
    }
}
