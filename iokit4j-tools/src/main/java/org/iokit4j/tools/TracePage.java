package org.iokit4j.tools;

import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.iokit4j.tools.TraceRecording.Item;

/**
 * Writes a {@link TraceRecording} as one self-contained HTML page (inline CSS and script, nothing fetched): a timeline
 * with a lane per role and thread (the calls as the kernel or the driver server's ring ran them, the driver's queue,
 * the completions at the driver and at the app, notifications, pitfalls, the kernel's problems), each event a bar as
 * long as it lasted, failures in red with their code's name; completions and driver runs linked to their calls; the
 * failures with the kernel's or driver's explanation; and a table of every event with all its fields.
 *
 * <p>Every text from the recording is escaped (a driver's explanation is untrusted text), and the script reads only
 * the page's own ids: no recorded text ever becomes markup or code.
 *
 * <p><b>Concurrency.</b> One page per instance; not thread-safe.
 */
final class TracePage {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);
    /** Lanes in this order of roles; a lane per role and thread. */
    private static final List<String> ROLES = List.of("app \u2192 kernel call", "driver server call (direct ring)",
            "driver queue", "completion at the driver", "completion at the app", "notification", "pitfall",
            "kernel problem", "other");

    private final String title;
    private final List<Item> items;
    /** Event index to the index of the event it is linked to (a completion's call, a driver run's call). */
    private final Map<Integer, Integer> links = new HashMap<>();

    TracePage(String title, TraceRecording recording) {
        this.title = title;
        this.items = recording.items();
        link();
    }

    /** {@return the event {@code item} is linked to, or {@code null}} */
    Integer linkOf(Item item) {
        return links.get(item.index());
    }

    /** {@return the lane role of {@code item}} */
    static String role(Item item) {
        return switch (item.name()) {
            case "ExternalMethod" -> "direct".equals(item.text("carrier")) ? ROLES.get(1) : ROLES.get(0);
            case "DriverMethod" -> ROLES.get(2);
            case "AsyncCompletion" -> "app".equals(item.text("stage")) ? ROLES.get(4) : ROLES.get(3);
            case "Notification" -> ROLES.get(5);
            case "Pitfall" -> ROLES.get(6);
            case "BootProblem" -> ROLES.get(7);
            default -> ROLES.get(8);
        };
    }

    /** {@return whether {@code item} is a failure or a drop} */
    static boolean failed(Item item) {
        return switch (item.name()) {
            case "ExternalMethod", "DriverMethod" -> item.number("returnCode") != 0;
            case "AsyncCompletion" -> "dropped".equals(item.text("outcome"));
            case "Notification" -> !item.flag("delivered");
            case "Pitfall", "BootProblem" -> true;
            default -> false;
        };
    }

    /**
     * Links each app-side completion to the latest async call with its reference before it, each driver run to the
     * call that encloses it, and each completion the driver sent to the next app-side completion with its result.
     */
    private void link() {
        final Set<Integer> taken = new HashSet<>();
        for (Item item : items) {
            if (item.name().equals("AsyncCompletion") && "app".equals(item.text("stage"))) {
                final long reference = item.number("asyncReference");
                Item call = null;
                for (Item candidate : items) {
                    if (candidate.index() >= item.index()) {
                        break;
                    }
                    if (candidate.name().equals("ExternalMethod") && candidate.flag("async") && reference != 0
                            && candidate.number("asyncReference") == reference) {
                        call = candidate;
                    }
                }
                if (call != null) {
                    links.put(item.index(), call.index());
                }
            } else if (item.name().equals("DriverMethod")) {
                for (Item call : items) {
                    if (call.name().equals("ExternalMethod") && call.number("selector") == item.number("selector")
                            && call.startNanos() <= item.startNanos()
                            && call.startNanos() + call.nanos() >= item.startNanos() + item.nanos()) {
                        links.put(item.index(), call.index());
                    }
                }
            } else if (item.name().equals("AsyncCompletion") && "sent".equals(item.text("outcome"))) {
                for (Item app : items) {
                    if (app.index() > item.index() && app.name().equals("AsyncCompletion")
                            && "app".equals(app.text("stage")) && app.number("result") == item.number("result")
                            && taken.add(app.index())) {
                        links.put(item.index(), app.index());
                        break;
                    }
                }
            }
        }
    }

    /** Writes the page to {@code out}. */
    void write(PrintWriter out) {
        out.println("<!DOCTYPE html>");
        out.println("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        out.println("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        out.println("<title>iokit4j trace: " + esc(title) + "</title>");
        out.println("<style>" + TraceStyle.CSS + "</style></head><body>");
        out.println("<h1>iokit4j trace</h1>");
        final long t0 = items.stream().mapToLong(Item::startNanos).min().orElse(0);
        final long t1 = items.stream().mapToLong(i -> i.startNanos() + i.nanos()).max().orElse(t0);
        final long span = Math.max(1, t1 - t0);
        out.println("<p class=\"meta\">" + esc(title) + " \u00b7 <span id=\"count\">" + items.size()
                + "</span> iokit4j events \u00b7 " + esc(duration(t1 - t0)) + (items.isEmpty() ? ""
                : " from " + esc(CLOCK.format(items.getFirst().start())) + " UTC") + "</p>");
        if (items.isEmpty()) {
            out.println("<p class=\"empty\">No org.iokit4j events in this recording: record with"
                    + " -XX:StartFlightRecording (docs/observability.md).</p>");
        }
        out.println("<p class=\"meta\">Blue: succeeded \u00b7 red: failed or dropped \u00b7 grey: an instant."
                + " Hover a bar for its summary and what it is linked to; click it for its row.</p>");
        timeline(out, t0, span);
        failures(out);
        table(out, t0);
        out.println("<script>" + TraceStyle.SCRIPT + "</script>");
        out.println("</body></html>");
    }

    private void timeline(PrintWriter out, long t0, long span) {
        final Map<String, List<Item>> lanes = new LinkedHashMap<>();
        for (String role : ROLES) {
            for (Item item : items) {
                if (role(item).equals(role)) {
                    lanes.computeIfAbsent(role + " \u00b7 " + item.thread(), k -> new ArrayList<>()).add(item);
                }
            }
        }
        out.println("<section id=\"timeline\"><h2>Timeline</h2>");
        out.println("<div class=\"axis\"><span>0</span><span>" + esc(duration(span)) + "</span></div>");
        for (Map.Entry<String, List<Item>> lane : lanes.entrySet()) {
            out.println("<div class=\"lane\"><div class=\"lane-label\">" + esc(lane.getKey())
                    + "</div><div class=\"track\">");
            for (Item item : lane.getValue()) {
                final double left = Math.min(99.0, 100.0 * (item.startNanos() - t0) / span); // an end mark shows
                final double width = 100.0 * item.nanos() / span;
                final Integer link = links.get(item.index());
                out.println(String.format(Locale.ROOT, "<a class=\"bar%s%s\" id=\"bar-e%d\" href=\"#e%d\"%s"
                        + " style=\"left:%.4f%%;width:%.4f%%\" title=\"%s\">%s</a>",
                        failed(item) ? " fail" : "", item.nanos() == 0 ? " instant" : "", item.index(), item.index(),
                        link == null ? "" : " data-link=\"e" + link + "\"", left, width,
                        esc("#" + item.index() + " " + item.name() + ": " + summary(item) + " ("
                                + duration(item.nanos()) + ")"), esc(label(item))));
            }
            out.println("</div></div>");
        }
        out.println("</section>");
    }

    private void failures(PrintWriter out) {
        out.println("<section id=\"failures\"><h2>Failures and drops</h2>");
        final List<Item> failed = items.stream().filter(TracePage::failed).toList();
        if (failed.isEmpty()) {
            out.println("<p>None.</p>");
        } else {
            out.println("<ol>");
            for (Item item : failed) {
                out.println("<li><a href=\"#e" + item.index() + "\">#" + item.index() + " " + esc(item.name())
                        + "</a> <b class=\"code\">" + esc(codeName(item)) + "</b> " + esc(summary(item))
                        + "<div class=\"explanation\">" + esc(explanation(item, links.get(item.index())))
                        + "</div></li>");
            }
            out.println("</ol>");
        }
        out.println("</section>");
    }

    private void table(PrintWriter out, long t0) {
        out.println("<section id=\"events\"><h2>Every event</h2><table><thead><tr><th>#</th><th>at</th>"
                + "<th>duration</th><th>thread</th><th>event</th><th>summary</th><th>linked</th><th>fields</th>"
                + "</tr></thead><tbody>");
        for (Item item : items) {
            final Integer link = links.get(item.index());
            final StringBuilder fields = new StringBuilder();
            for (Map.Entry<String, Object> field : item.fields().entrySet()) {
                if (field.getValue() != null) {
                    fields.append("<span class=\"field\"><i>").append(esc(field.getKey())).append("</i>=")
                            .append(esc(String.valueOf(field.getValue()))).append("</span> ");
                }
            }
            out.println("<tr id=\"e" + item.index() + "\"" + (failed(item) ? " class=\"fail\"" : "")
                    + (link == null ? "" : " data-link=\"e" + link + "\"") + "><td>" + item.index() + "</td><td>"
                    + esc(duration(item.startNanos() - t0)) + "</td><td>" + esc(duration(item.nanos())) + "</td><td>"
                    + esc(item.thread()) + "</td><td>" + esc(item.name()) + "</td><td>" + esc(summary(item))
                    + "</td><td>" + (link == null ? "" : "<a href=\"#e" + link + "\">" + esc(linkWord(item)) + " #"
                    + link + "</a>") + "</td><td>" + fields + "</td></tr>");
        }
        out.println("</tbody></table></section>");
    }

    private static String linkWord(Item item) {
        return item.name().equals("AsyncCompletion") && "driver".equals(item.text("stage")) ? "delivered as"
                : item.name().equals("DriverMethod") ? "run of call" : "completes call";
    }

    /** {@return the short text on an event's bar} */
    static String label(Item item) {
        return switch (item.name()) {
            case "ExternalMethod" -> "sel " + item.number("selector") + (failed(item) ? " " + codeName(item) : "");
            case "DriverMethod" -> "ExternalMethod(" + item.number("selector") + ")";
            case "AsyncCompletion" -> "completion " + item.text("outcome");
            case "Notification" -> String.valueOf(item.text("type"));
            case "Pitfall" -> String.valueOf(item.text("pitfall"));
            case "BootProblem" -> codeName(item);
            default -> item.name();
        };
    }

    /** {@return one line describing {@code item}} */
    static String summary(Item item) {
        return switch (item.name()) {
            case "ExternalMethod" -> String.format(Locale.ROOT, "selector %d on %s (%s, server %s): %s \u00b7 %d"
                    + " scalar(s) in, %d out, %d B in, %d B out%s, %s%s", item.number("selector"),
                    item.text("connection"), item.text("userClientClass"), item.text("driverServer"),
                    codeName(item), item.number("scalarInputCount"), item.number("scalarOutputCount"),
                    item.number("structureInputSize"), item.number("structureOutputSize"),
                    item.flag("descriptors") ? " (descriptors)" : "", item.flag("async") ? "async" : "sync",
                    item.flag("async") ? String.format(" ref 0x%X", item.number("asyncReference")) : "");
            case "DriverMethod" -> String.format(Locale.ROOT, "%s.ExternalMethod(selector %d): %s",
                    item.text("userClientClass"), item.number("selector"), codeName(item));
            case "AsyncCompletion" -> String.format(Locale.ROOT, "%s at the %s (%s, %d value(s)) on %s%s",
                    item.text("outcome"), item.text("stage"), item.text("resultName"), item.number("argumentCount"),
                    item.text("where"), item.number("asyncReference") == 0 ? ""
                            : String.format(" ref 0x%X", item.number("asyncReference")));
            case "Notification" -> String.format("%s %s about %s: %s", item.text("kind"), item.text("type"),
                    item.text("subject"), item.flag("delivered") ? "queued" : "dropped (" + item.text("reason") + ")");
            case "Pitfall" -> item.text("pitfall") + (item.text("site") == null ? "" : " at " + item.text("site"));
            case "BootProblem" -> "kernel '" + item.text("kernel") + "': " + codeName(item);
            default -> item.fields().toString();
        };
    }

    private static String codeName(Item item) {
        final String name = item.text("returnCodeName") != null ? item.text("returnCodeName")
                : item.text("resultName") != null ? item.text("resultName") : item.text("codeName");
        return name == null ? "" : name;
    }

    private static String explanation(Item item, Integer link) {
        for (String key : List.of("explanation", "reason", "message")) {
            if (item.text(key) != null) {
                return item.text(key);
            }
        }
        return link != null ? "(the explanation is on call #" + link + ")" : "(no explanation recorded)";
    }

    /** {@return {@code nanos} as ns, µs or ms} */
    static String duration(long nanos) {
        if (nanos < 1_000) {
            return nanos + " ns";
        }
        if (nanos < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f \u00b5s", nanos / 1e3);
        }
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    /** {@return {@code text} safe in HTML text and in a double- or single-quoted attribute} */
    static String esc(String text) {
        if (text == null) {
            return "";
        }
        final StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return out.toString();
    }
}
