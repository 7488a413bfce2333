/**
 * iokit4j's JDK Flight Recorder events (issue 12 §4; docs/observability.md): one per external method call, per
 * driver-side run of a call, per async completion, per notification, per pitfall and per kernel boot problem, all
 * named {@code org.iokit4j.*} in the category "iokit4j". They cost nothing when no recording asks for them: each
 * emitter asks the event type first ({@code isEnabled()}), so no event object and no string is made.
 */
package org.iokit4j.trace;
