# Sourced by scripts/ioreg.sh and scripts/iocall.sh (from the repository root, after scripts/java25.sh): builds the
# tools only when needed and sets IOKIT4J_TOOLS_CLASSPATH to their run-time class path.
# Needed: the tools' jar or iokit4j-tools/target/classpath.txt is missing, an entry of it is, or a pom or a main
# source of the tools or a module they run (core, iokitlib, and the embedded kernel: kernel, driverkit) changed
# since the scripts last built (a stamp file: Maven leaves a jar untouched when its classes did not change, so the
# jar's own time cannot tell whether a pom edited since was built). The build's output goes to standard error, so
# standard output carries only the tool's.
# The class path: the tools' jar, the jars in classpath.txt (core, iokitlib and picocli; the embedded kernel, the
# DriverKit runtime, which the tools load only through the embedded carrier; dd-plist is inside the kernel's jar),
# then IOKIT4J_CLASSPATH.
iokit4j_tools_modules=(iokit4j-core iokit4j-iokitlib iokit4j-kernel iokit4j-driverkit iokit4j-tools)
iokit4j_tools_classpath_file=iokit4j-tools/target/classpath.txt
iokit4j_tools_stamp=iokit4j-tools/target/tools.sh.built

iokit4j_tools_jar() {
  ls iokit4j-tools/target/iokit4j-tools-*.jar 2>/dev/null | grep -v -e -sources.jar -e -javadoc.jar | head -n 1
}

iokit4j_tools_need_build() {
  local entry
  [ -n "$(iokit4j_tools_jar)" ] && [ -f "$iokit4j_tools_classpath_file" ] && [ -f "$iokit4j_tools_stamp" ] \
    || return 0
  for entry in $(tr ':' ' ' < "$iokit4j_tools_classpath_file"); do
    [ -e "$entry" ] || return 0
  done
  [ -n "$(find pom.xml "${iokit4j_tools_modules[@]}" -path '*/target' -prune -o -path '*/src/test' -prune \
            -o -type f -newer "$iokit4j_tools_stamp" -print -quit)" ]
}

if iokit4j_tools_need_build; then
  echo "$(basename "$0"): building ${iokit4j_tools_modules[*]}" >&2
  ./mvnw -B -q -ntp -DskipTests package -pl iokit4j-tools -am >&2
  touch "$iokit4j_tools_stamp"
fi
IOKIT4J_TOOLS_CLASSPATH="$PWD/$(iokit4j_tools_jar):$(cat "$iokit4j_tools_classpath_file")"
IOKIT4J_TOOLS_CLASSPATH+="${IOKIT4J_CLASSPATH:+:$IOKIT4J_CLASSPATH}"
