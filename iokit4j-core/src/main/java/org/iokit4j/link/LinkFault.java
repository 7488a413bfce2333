package org.iokit4j.link;

import java.io.IOException;

/** The peer's handler threw while serving a request: a bug on that side, explained; the link stays up. */
public final class LinkFault extends IOException {
    LinkFault(String link, String explanation) {
        super(link + ": the peer failed to serve the request: " + explanation);
    }
}
