package org.iokit4j.link;

import java.io.IOException;

/** The link is down: the peer's process exited or was killed, the stream broke, or this side closed it. */
public final class LinkDown extends IOException {
    private final String reason;

    LinkDown(String link, String reason) {
        super(link + " is down: " + reason);
        this.reason = reason;
    }

    /** {@return why the link went down, in words} */
    public String reason() {
        return reason;
    }
}
