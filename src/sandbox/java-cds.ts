// A class-data-sharing archive for Java's multi-test runner (languages/java/RlcfRunner.java): the
// runner's own start-up (its classes, the security manager's and the management classes it loads,
// their lambdas) costs ~25 ms on top of a plain JVM's ~40 ms, and an archive of those classes saves
// ~10 ms of it per multi-input run. HotSpot only uses a dynamic archive when the runner's jar is at
// the very path it had when the archive was dumped, so both are made in a build sandbox in the
// tools directory of the shared build cache (/gocache/tools), which run sandboxes see read-only at
// the same path. Built once per toolchain and runner source, in the background: runs never wait
// for it, and use it only once runner.jsa exists (written last, atomically).
import { createHash } from 'node:crypto';
import { chownSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Toolchain } from './languages/types.js';

export type ToolRunner = (argv: string[], files: Record<string, string>) => Promise<unknown>;

const WARM = `import java.io.*;
public class RlcfWarm {
    public static void main(String[] args) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(System.in));
        long s = 0;
        for (String line; (line = r.readLine()) != null; ) for (String w : line.trim().split("\\\\s+")) if (!w.isEmpty()) s += Long.parseLong(w);
        System.out.println(s);
    }
}
`;

/** The runner's input file (see RlcfRunner's usage) for two small tests. */
function warmInputs(): string {
  const b = (s: string) => Buffer.from(s).toString('base64');
  return `RLCF1 ${'0'.repeat(24)} 2 1048576\n10000 20000 65536 ${b('1 2\n')}\n10000 20000 65536 ${b('3 4\n')}\n`;
}

const SCRIPT = `set -e
d="$1"; shift; javac="$1"; shift; jar="$1"; shift
rm -rf "$d"
t="$d.tmp.$$"
rm -rf "$t"; mkdir -p "$t/classes" "$t/warm"
"$javac" -J-XX:+UseSerialGC -J-XX:TieredStopAtLevel=1 -J-XX:-UsePerfData -encoding UTF-8 -nowarn -d "$t/classes" RlcfRunner.java
"$javac" -J-XX:+UseSerialGC -J-XX:TieredStopAtLevel=1 -J-XX:-UsePerfData -encoding UTF-8 -nowarn -d "$t/warm" RlcfWarm.java
"$jar" cf "$t/runner.jar" -C "$t/classes" .
mv "$t" "$d"
"$@" -Xmx256m -XX:ArchiveClassesAtExit="$d/runner.jsa.tmp" -cp "$d/runner.jar" RlcfRunner rlcf-warm-inputs.txt "$d/warm" - RlcfWarm > warm.out
grep -q ' END$' warm.out
mv "$d/runner.jsa.tmp" "$d/runner.jsa"
`;

export class JavaCdsBuilder {
  /** per toolchain, runner JVM and runner source: its directory, and whether runner.jsa exists */
  private known = new Map<string, { rel: string; ready: boolean }>();

  /** `hostTools` / `sandboxTools`: the tools directory on the host / as sandboxes see it. */
  constructor(private readonly hostTools: string, private readonly sandboxTools: string, private readonly owner: number | null) {
    mkdirSync(hostTools, { recursive: true, mode: 0o755 });
    if (owner !== null) chownSync(hostTools, owner, owner);
  }

  /** The runner's jar and archive as sandboxes see them, or null while they are not built; the
   * first call for a toolchain, runner JVM (`jvm`: java and its flags, heap size aside) and runner
   * source starts building them in the background through `run`. */
  archive(tc: Toolchain, jvm: string[], runner: string, run: ToolRunner): { jar: string; jsa: string } | null {
    const key = JSON.stringify([tc.version, jvm]) + runner;
    let k = this.known.get(key);
    if (!k) {
      const rel = `java-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
      k = { rel, ready: existsSync(join(this.hostTools, rel, 'runner.jsa')) };
      this.known.set(key, k);
      if (!k.ready) {
        const jarTool = tc.paths.javac.replace(/javac$/, 'jar');
        run(['/bin/sh', '-c', SCRIPT, 'sh', `${this.sandboxTools}/${rel}`, tc.paths.javac, jarTool, ...jvm],
          { 'RlcfRunner.java': runner, 'RlcfWarm.java': WARM, 'rlcf-warm-inputs.txt': warmInputs() })
          .catch(() => undefined); // without the archive the runner starts as before
      }
    }
    if (!k.ready) k.ready = existsSync(join(this.hostTools, k.rel, 'runner.jsa'));
    return k.ready ? { jar: `${this.sandboxTools}/${k.rel}/runner.jar`, jsa: `${this.sandboxTools}/${k.rel}/runner.jsa` } : null;
  }
}
