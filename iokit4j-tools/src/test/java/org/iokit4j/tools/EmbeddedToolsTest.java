package org.iokit4j.tools;

import static org.iokit4j.tools.ToolRun.BUNDLE;

import java.util.List;

/** The tools' suite against an embedded kernel booted with the test bundle ({@code --kernel embedded}). */
class EmbeddedToolsTest extends CarrierToolsSuite {

    @Override
    List<String> kernelArgs() {
        return List.of("--kernel", "embedded", "--no-discover", "--bundle", BUNDLE);
    }
}
