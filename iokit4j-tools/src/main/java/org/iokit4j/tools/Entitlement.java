package org.iokit4j.tools;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entitlement values as typed on a command line: {@code true} and {@code false} are booleans, anything else an
 * array of strings split at commas (as {@code com.apple.developer.driverkit.userclient-access} wants).
 */
final class Entitlement {
    private Entitlement() {
    }

    /** {@return {@code typed}'s values as property-list values, in the same order} */
    static Map<String, Object> parse(Map<String, String> typed) {
        final Map<String, Object> entitlements = new LinkedHashMap<>();
        typed.forEach((key, value) -> entitlements.put(key, value(value)));
        return entitlements;
    }

    private static Object value(String text) {
        return switch (text) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> List.copyOf(Arrays.stream(text.split(",")).map(String::strip).toList());
        };
    }
}
