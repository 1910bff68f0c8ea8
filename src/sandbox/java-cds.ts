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

export type ToolRunner = (argv: string[], files: Record<string, string>) => Promise<{ exit_code: number | null; error?: string; stderr?: string }>;

/** Flags of the runner's JVM that the archive must be dumped with (the heap size may differ). */
export interface RunnerJvm {
  /** java, its flags (without -Xmx) and the runner's own (-Djava.security.manager=allow ...) */
  argv: string[];
}

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
  private started = new Set<string>();

  /** `hostTools` / `sandboxTools`: the tools directory on the host / as sandboxes see it. */
  constructor(private readonly hostTools: string, private readonly sandboxTools: string, private readonly owner: number | null) {
    mkdirSync(hostTools, { recursive: true, mode: 0o755 });
    if (owner !== null) chownSync(hostTools, owner, owner);
  }

  private rel(tc: Toolchain, jvm: RunnerJvm, runner: string): string {
    return `java-${createHash('sha256').update(JSON.stringify([tc.version, jvm.argv, runner])).digest('hex').slice(0, 16)}`;
  }

  /** The archive and jar as sandboxes see them, once built; null before (or if it failed). */
  archive(tc: Toolchain, jvm: RunnerJvm, runner: string): { jar: string; jsa: string } | null {
    const rel = this.rel(tc, jvm, runner);
    if (!existsSync(join(this.hostTools, rel, 'runner.jsa'))) return null;
    return { jar: `${this.sandboxTools}/${rel}/runner.jar`, jsa: `${this.sandboxTools}/${rel}/runner.jsa` };
  }

  /** Start building the archive for this toolchain and runner once. */
  maybeStart(tc: Toolchain, jvm: RunnerJvm, runner: string, run: ToolRunner): void {
    const rel = this.rel(tc, jvm, runner);
    if (this.started.has(rel)) return;
    this.started.add(rel);
    if (existsSync(join(this.hostTools, rel, 'runner.jsa'))) return;
    const jarTool = tc.paths.javac.replace(/javac$/, 'jar');
    run(['/bin/sh', '-c', SCRIPT, 'sh', `${this.sandboxTools}/${rel}`, tc.paths.javac, jarTool, ...jvm.argv],
      { 'RlcfRunner.java': runner, 'RlcfWarm.java': WARM, 'rlcf-warm-inputs.txt': warmInputs() })
      .catch(() => undefined); // without the archive the runner starts as before
  }
}
