package org.iokit4j.remote;

import org.iokit4j.Failure;

/** How every reply starts: a code and its explanation. Stateless. */
public final class Replies {
    private Replies() {
    }

    /** {@return the reply's failure, or {@code null} if its code is success} */
    public static Failure failure(FrameIn in) throws FrameIn.ProtocolException {
        final int code = in.getInt();
        final String explanation = in.getString();
        return code == 0 ? null : new Failure(code, explanation == null ? "(the daemon gave no reason)" : explanation);
    }

    /** Puts {@code failure} (or success) as a reply's start. */
    public static FrameOut put(FrameOut out, Failure failure) {
        return failure == null ? out.putInt(0).putString(null) : out.putInt(failure.code())
                .putString(failure.explanation());
    }
}
