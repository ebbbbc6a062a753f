# Sourced by .ci/run and ./samverkan-local (POSIX sh): sets and exports JAVA_HOME to a JDK 21+, or returns 1.
# The machines we know default to JDK 17 with a newer JDK beside it, so JAVA_HOME is kept only when it is 21+.

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
}

use_jdk_21_or_newer() {
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home \
      "$(dirname "$(dirname "$(readlink -f "$(command -v java || echo /nonexistent)")")")"; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major="$(java_major "$candidate" || true)"
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      JAVA_HOME="$candidate"
      export JAVA_HOME
      return 0
    fi
  done
  return 1
}
