#!/usr/bin/env bash
# Checks, by running them, the claims of docs/jpms.md: iokit4j on the module path, what a dext module must export,
# that a dext module nobody requires is never resolved, and which --add-exports Agrona needs on each path.
# Builds the jars if needed, writes two tiny modules (an app, a dext) into a temporary directory, and prints one line
# per scenario: PASS or FAIL with what it saw. Exits 1 if any scenario failed. Needs only a JDK >= 25.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java25.sh
./mvnw -B -q -ntp -DskipTests package -pl iokit4j-examples -am
root=$PWD
work=$(mktemp -d "${TMPDIR:-/tmp}/iokit4j-jpms.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
mkdir -p mods app/demo/app dext/demo/dext dext/META-INF/driverkit ag/demo/ag
cp "$root"/iokit4j-{core,kernel,driverkit,iokitlib}/target/iokit4j-*-0.1.0-SNAPSHOT.jar mods/
tr ':' '\n' < "$root/iokit4j-examples/target/classpath.txt" | grep '/agrona-' | xargs -I{} cp {} mods/
examples="$root/iokit4j-examples/target/iokit4j-examples-0.1.0-SNAPSHOT.jar"
thermometer=org.iokit4j.examples.thermometer.Thermometer

cat > app/module-info.java <<'EOF'
module demo.app {
    requires org.iokit4j.iokitlib;
}
EOF
cat > app/demo/app/Main.java <<'EOF'
package demo.app;

import static org.iokit4j.iokitlib.IOKitLib.*;

/** Looks each name up; for the thermometer, also opens it and reads the temperature (Java layer). */
public final class Main {
    public static void main(String[] args) {
        for (String name : args) {
            int service = IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(name));
            System.out.println(name + ": " + (service != 0 ? "found"
                    : "not found: " + org.iokit4j.Diagnostics.lastFailure()));
            if (service != 0 && name.endsWith(".Thermometer")) {
                IOObjectRelease(service);
                try (org.iokit4j.client.Connection c = org.iokit4j.client.IOKit.connect(name)) {
                    System.out.println("temperature: " + c.call(0).scalarOutputs(1).invoke().scalar(0));
                }
            }
        }
    }
}
EOF
cat > dext/demo/dext/Hello.java <<'EOF'
package demo.dext;

import org.iokit4j.driverkit.IOService;

/** The smallest dext: it starts and registers. */
public class Hello extends IOService {
    @Override
    public int Start(IOService provider) {
        int ret = super.Start(provider);
        return ret != 0 ? ret : RegisterService();
    }
}
EOF
cat > dext/META-INF/driverkit/Info.plist <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
    <key>CFBundleIdentifier</key><string>demo.dext.Hello</string>
    <key>IOKitPersonalities</key>
    <dict>
        <key>Hello</key>
        <dict>
            <key>CFBundleIdentifier</key><string>demo.dext.Hello</string>
            <key>IOClass</key><string>IOUserService</string>
            <key>IOMatchCategory</key><string>demo.dext.Hello</string>
            <key>IOProviderClass</key><string>IOUserResources</string>
            <key>IOResourceMatch</key><string>IOKit</string>
            <key>IOUserClass</key><string>demo.dext.Hello</string>
            <key>IOUserServerName</key><string>demo.dext.Hello</string>
        </dict>
    </dict>
</dict>
</plist>
EOF
cat > ag/module-info.java <<'EOF'
module demo.ag {
    requires org.agrona;
}
EOF
cat > ag/demo/ag/Main.java <<'EOF'
package demo.ag;

/** Touches Agrona's Unsafe-backed buffer, as iokit4j's rings do. */
public final class Main {
    public static void main(String[] args) {
        org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(new byte[16]);
        buffer.putLong(0, 42);
        System.out.println("agrona ok: " + buffer.getLong(0));
    }
}
EOF
javac=("$JAVA_HOME/bin/javac" -nowarn -Xlint:-module)
java=("$JAVA_HOME/bin/java")
"${javac[@]}" -d out/app -p mods $(find app -name '*.java')
"${javac[@]}" -d out/ag -p mods $(find ag -name '*.java')

dext() { # $1: the directive for package demo.dext ("" for none)
    rm -rf out/dext dext/module-info.java
    printf 'module demo.dext {\n    requires org.iokit4j.driverkit;\n    %s\n}\n' "$1" > dext/module-info.java
    "${javac[@]}" -d out/dext -p mods $(find dext -name '*.java')
    cp -r dext/META-INF out/dext/
}

failed=0
check() { # $1: scenario, $2: expected text (grep -E), then the command
    local scenario=$1 expected=$2 out
    shift 2
    out=$(timeout 120 "$@" 2>&1 || true)
    if grep -Eq "$expected" <<<"$out"; then
        echo "PASS  $scenario"
    else
        echo "FAIL  $scenario: expected /$expected/, saw:"; sed 's/^/      /' <<<"$out" | tail -5
        failed=1
    fi
}

agrona=(--add-exports java.base/jdk.internal.misc=org.agrona)
check "module path: the examples module added with --add-modules is resolved and its dext runs" \
    "temperature: [0-9]+" "${java[@]}" "${agrona[@]}" -p "mods:$examples:out/app" --add-modules org.iokit4j.examples \
    -m demo.app/demo.app.Main "$thermometer"
check "module path: the embedded app, whose calls touch no ring, runs without the Agrona flag" \
    "temperature: [0-9]+" "${java[@]}" -p "mods:$examples:out/app" --add-modules org.iokit4j.examples \
    -m demo.app/demo.app.Main "$thermometer"
check "module path: a dext module nobody requires is not resolved (the app sees only 'not found')" \
    "Thermometer: not found: .*RegisterService" "${java[@]}" "${agrona[@]}" -p "mods:$examples:out/app" \
    -m demo.app/demo.app.Main "$thermometer"
dext ""
check "module path: a dext package that is not exported cannot be made (boot problem names the export)" \
    "does not export demo.dext to module org.iokit4j.driverkit" "${java[@]}" "${agrona[@]}" \
    -p mods:out/dext:out/app --add-modules demo.dext -m demo.app/demo.app.Main demo.dext.Hello
for directive in "exports demo.dext;" "exports demo.dext to org.iokit4j.driverkit;" "opens demo.dext;"; do
    dext "$directive"
    check "module path: '$directive' lets the runtime make the dext's class" "demo.dext.Hello: found" \
        "${java[@]}" "${agrona[@]}" -p mods:out/dext:out/app --add-modules demo.dext -m demo.app/demo.app.Main \
        demo.dext.Hello
done
mkdir -p client/demo/client
printf 'module demo.client {\n    requires org.iokit4j.iokitlib;\n    requires demo.dext;\n}\n' > client/module-info.java
sed 's/^package demo.app;/package demo.client;/' app/demo/app/Main.java > client/demo/client/Main.java
"${javac[@]}" -d out/client -p mods:out/dext $(find client -name '*.java')
check "module path: an app module that requires the dext module resolves it without --add-modules" \
    "demo.dext.Hello: found" "${java[@]}" "${agrona[@]}" -p mods:out/dext:out/client -m demo.client/demo.client.Main \
    demo.dext.Hello
check "class path: module descriptors are ignored, every bundle on the class path is found" \
    "demo.dext.Hello: found" "${java[@]}" --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
    -cp "mods/*:$examples:out/app:out/dext" demo.app.Main "$thermometer" demo.dext.Hello
check "mixed: the runtime and the app on the module path, the dext on the class path" "demo.dext.Hello: found" \
    "${java[@]}" "${agrona[@]}" -p mods:out/app -cp out/dext -m demo.app/demo.app.Main demo.dext.Hello
check "module path: Agrona without --add-exports fails" "does not export jdk.internal.misc to module org.agrona" \
    "${java[@]}" -p mods:out/ag -m demo.ag/demo.ag.Main
check "module path: =ALL-UNNAMED does not reach the named module org.agrona" \
    "does not export jdk.internal.misc to module org.agrona" \
    "${java[@]}" --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -p mods:out/ag -m demo.ag/demo.ag.Main
check "module path: --add-exports java.base/jdk.internal.misc=org.agrona works" "agrona ok: 42" \
    "${java[@]}" "${agrona[@]}" -p mods:out/ag -m demo.ag/demo.ag.Main
check "class path: Agrona without --add-exports fails" "does not export jdk.internal.misc to unnamed module" \
    "${java[@]}" -cp "mods/*:out/ag" demo.ag.Main
check "class path: --add-exports java.base/jdk.internal.misc=ALL-UNNAMED works" "agrona ok: 42" \
    "${java[@]}" --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp "mods/*:out/ag" demo.ag.Main
exit $failed
