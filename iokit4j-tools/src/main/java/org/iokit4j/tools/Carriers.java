package org.iokit4j.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.iokit4j.mig.KernelProvider;

/**
 * The carriers the tools can reach a kernel through: the {@link KernelProvider}s found with {@link ServiceLoader},
 * by the rule {@code Caller} uses for the process's default kernel (the tools' own class loader first, then the
 * context class loader; the first provider that {@linkplain KernelProvider#serves serves} the name wins).
 *
 * <p>On the scripts' class path there are two: the daemon carrier ({@code unix:PATH}, in iokit4j-core) and the
 * embedded kernel ({@code embedded}, in iokit4j-kernel, a run-time dependency the tools never import).
 */
final class Carriers {
    private Carriers() {
    }

    /**
     * {@return the first carrier that serves {@code kernel}}
     *
     * @throws IllegalArgumentException naming {@code kernel} and the carriers there are, if none serves it.
     */
    static KernelProvider find(String kernel) {
        final List<KernelProvider> providers = all();
        for (KernelProvider provider : providers) {
            if (provider.serves(kernel)) {
                return provider;
            }
        }
        throw new IllegalArgumentException("no carrier serves the kernel '" + kernel + "' (--kernel, else "
                + KernelProvider.KERNEL_PROPERTY + ", else " + KernelProvider.KERNEL_ENV + "); the carriers on the"
                + " class path are " + names(providers) + " ('embedded' needs the dependency org.iokit4j:iokit4j on the class path;"
                + " 'unix:PATH' names a kernel daemon's socket)");
    }

    /** {@return every carrier on the class path, once each, in the order they are tried} */
    static List<KernelProvider> all() {
        final Map<Class<?>, KernelProvider> found = new LinkedHashMap<>();
        ServiceLoader.load(KernelProvider.class, Carriers.class.getClassLoader())
                .forEach(provider -> found.putIfAbsent(provider.getClass(), provider));
        ServiceLoader.load(KernelProvider.class).forEach(provider -> found.putIfAbsent(provider.getClass(), provider));
        return new ArrayList<>(found.values());
    }

    /** {@return each carrier's class and which of the known kernel names it serves} */
    private static String names(List<KernelProvider> providers) {
        if (providers.isEmpty()) {
            return "none";
        }
        final List<String> names = new ArrayList<>();
        for (KernelProvider provider : providers) {
            final List<String> serves = new ArrayList<>();
            for (String known : List.of(KernelOptions.EMBEDDED, "unix:PATH")) {
                if (provider.serves(known)) {
                    serves.add(known);
                }
            }
            names.add(provider.getClass().getName() + (serves.isEmpty() ? "" : " (" + String.join(", ", serves)
                    + ")"));
        }
        return String.join(", ", names);
    }
}
