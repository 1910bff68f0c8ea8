import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerRequest } from './runner-frames.js';
import type { Limits } from '../types.js';
import type { LanguageDescriptor, MultiRun, RunContext, Toolchain } from './types.js';
import { BASE_ENV, ToolchainMissing } from './types.js';
import { memo, output, outsideUsr, prefixOf, which } from './discover.js';

const HINT = 'Install a JDK >= 11 (Debian: apt-get install default-jdk; MultiPL-E also needs libjavatuples-java).';

/** Jars put on every classpath when present (MultiPL-E's tests use org.javatuples). */
const JARS = ['/usr/share/java/javatuples.jar'];

const discover = memo((): Toolchain => {
  const javac = which('javac');
  if (!javac) throw new ToolchainMissing('java', 'javac not found on PATH', HINT);
  const home = prefixOf(javac);
  // the JDK's release file names its version: `javac -version` would start a JVM (~0.2 s of every
  // rlcf start) to print the same
  const release = /^JAVA_VERSION="([^"]+)"/m.exec(safeRead(`${home}/release`));
  const version = release ? `javac ${release[1]}` : output(`${home}/bin/javac`, ['-version']).trim() || 'javac';
  const jars = JARS.filter((j) => existsSync(j));
  return {
    version: `${version} ${jars.join(',')}`,
    binds: outsideUsr([home, ...jars]),
    paths: { javac: `${home}/bin/javac`, java: `${home}/bin/java`, classpath: jars.join(':') },
  };
});

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Java requires a public class to live in <Name>.java; the class with main() is the entry. */
export function javaMainClass(source: string): string {
  const pub = /\bpublic\s+(?:final\s+|abstract\s+)*class\s+([A-Za-z_$][\w$]*)/.exec(source);
  if (pub) return pub[1];
  const re = /\bclass\s+([A-Za-z_$][\w$]*)/g;
  let m: RegExpExecArray | null;
  let first: string | null = null;
  while ((m = re.exec(source))) {
    first ??= m[1];
    const rest = source.slice(m.index);
    const next = rest.slice(1).search(/\bclass\s+[A-Za-z_$]/);
    const body = next < 0 ? rest : rest.slice(0, next + 1);
    if (/static\s+void\s+main\s*\(/.test(body)) return m[1];
  }
  return first ?? 'Main';
}

/** java and its flags, but the heap size. -UsePerfData: no hsperfdata file to create and map
 * (jstat's counters), ~3 ms of each start. */
function jvmBase(tc: Toolchain): string[] {
  return [tc.paths.java, '-ea', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-XX:-UsePerfData', '-Xshare:auto', '-Xss64m'];
}

function jvm(tc: Toolchain, limits: Limits): string[] {
  return [...jvmBase(tc), `-Xmx${Math.max(16, Math.floor(limits.memory_mb * 0.75))}m`];
}

/** The runner's own JVM flags. --add-exports: it reaches ThreadMXBean without ManagementFactory's
 * provider scan. */
const RUNNER_FLAGS = ['-Djava.security.manager=allow', '--add-exports', 'java.management/sun.management=ALL-UNNAMED'];

/** The runner's JVM without its heap size: what its class-data archive is dumped with (java-cds.ts). */
function helperJvm(tc: Toolchain): string[] {
  return [...jvmBase(tc), ...RUNNER_FLAGS];
}

// ---- several inputs in one JVM ------------------------------------------------------------------
// A JVM start costs ~25 ms of a ~27 ms Java test case. For runTests with several inputs of the SAME
// submission, java/RlcfRunner.java runs them all in one JVM: a fresh class loader per test (static
// state re-initialised), per-test System.in/out/err and output caps, System.exit turned into the
// test's exit code, an escaping exception into exit code 1 with the JVM's report on stderr.
// Trade-off: the tests share a process (heap, JIT, cwd, /tmp, system properties), so the runner
// stops at anything that could let one test see another (or that it cannot reproduce: a time
// limit, writes to the real descriptors, shutdown hooks, leftover threads, file writes, ...) and
// the engine runs the rest one process per test. CPU time is the test's threads' (no JVM start,
// JIT or GC), memory_kb the JVM's peak over the tests run so far.

const RUNNER = 'RlcfRunner';
const INPUTS = 'rlcf-inputs.txt';

let runnerSource: string | null | undefined;
function helper(): { file: string; source: string } | null {
  if (runnerSource === undefined) {
    const p = join(dirname(fileURLToPath(import.meta.url)), 'java', `${RUNNER}.java`);
    runnerSource = existsSync(p) ? readFileSync(p, 'utf8') : null;
  }
  return runnerSource === null ? null : { file: `${RUNNER}.java`, source: runnerSource };
}

function runMany(tc: Toolchain, ctx: RunContext & { helperDir: string | null; helperArchive?: { jar: string; jsa: string } },
  inputs: { stdin?: string }[]): MultiRun | null {
  if (!ctx.helperDir) return null;
  const L = ctx.limits;
  // the JVM itself may print "WARNING: " lines on stderr
  const req = runnerRequest(L, inputs, [L.timeout_ms, L.wall_ms, L.output_bytes],
    (e) => e.split('\n').every((l) => !l || l.startsWith('WARNING: ')));
  return {
    spec: {
      kind: 'exec',
      argv: [...jvm(tc, L), ...RUNNER_FLAGS,
        // the runner's jar and class-data archive once built (java-cds.ts), else its class files
        ...(ctx.helperArchive ? [`-XX:SharedArchiveFile=${ctx.helperArchive.jsa}`, '-cp', ctx.helperArchive.jar] : ['-cp', ctx.helperDir!]),
        RUNNER, INPUTS, ctx.artifactDir!,
        tc.paths.classpath || '-', ctx.file.replace(/\.java$/, ''), ...(ctx.sub.args ?? [])],
      env: { ...BASE_ENV },
      files: { [INPUTS]: req.inputsFile },
    },
    outputBytes: req.outputBytes,
    parse: req.parse,
  };
}

// ---- completion proof ------------------------------------------------------------------------
// A test program proves that it ran to its end through a launcher compiled with it: RlcfProof loads
// the program's main class (its static initializers run then), calls main, and prints the secret of
// descriptor 3 only when main has returned. A System.exit in a static initializer or in the code
// under test never gets there.
const PROOF_CLASS = 'RlcfProof';
const PROOF_SOURCE = `public final class ${PROOF_CLASS} {
    public static void main(String[] args) throws Throwable {
        byte[] secret;
        try (java.io.FileInputStream in = new java.io.FileInputStream("/proc/self/fd/3")) {
            secret = in.readAllBytes();
        }
        java.lang.reflect.Method m = Class.forName(args[0]).getMethod("main", String[].class);
        m.setAccessible(true);
        try {
            m.invoke(null, (Object) java.util.Arrays.copyOfRange(args, 1, args.length));
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause(); // as the JVM reports an exception that escapes main: exit code 1
        }
        System.out.flush();
        java.io.FileOutputStream out = new java.io.FileOutputStream(java.io.FileDescriptor.out);
        out.write('\\n');
        out.write(secret);
        out.write('\\n');
        out.flush();
    }
}
`;

export const java: LanguageDescriptor = {
  id: 'java',
  aliases: ['java17', 'jdk'],
  displayName: 'Java',
  fenceTags: ['java'],
  extensions: ['.java'],
  compiled: true,
  instructionNote: 'Name the public class Main.',
  hello: 'import java.util.Scanner;\n\npublic class Main {\n    public static void main(String[] args) {\n        Scanner s = new Scanner(System.in);\n        System.out.println((s.nextLong() + s.nextLong()) + " java");\n    }\n}\n',
  hint: HINT,
  discover,
  fileName: (sub) => `${javaMainClass(sub.source)}.java`,
  compile: (tc, file, sub) => ({
    argv: [tc.paths.javac, '-J-XX:+UseSerialGC', '-J-XX:TieredStopAtLevel=1', '-J-XX:-UsePerfData', '-encoding', 'UTF-8',
      '-nowarn', ...(tc.paths.classpath ? ['-cp', tc.paths.classpath] : []), ...(sub.flags ?? []), '-d', '.', file,
      ...(sub.proof ? [`${PROOF_CLASS}.java`] : [])],
    ...(sub.proof ? { files: { [`${PROOF_CLASS}.java`]: PROOF_SOURCE } } : {}),
    env: { ...BASE_ENV },
    artifacts: ['*.class'],
  }),
  run: (tc, ctx) => {
    const cp = [ctx.artifactDir!, ...(tc.paths.classpath ? [tc.paths.classpath] : [])].join(':');
    return {
      kind: 'exec',
      argv: [...jvm(tc, ctx.limits), '-cp', cp, ctx.file.replace(/\.java$/, ''), ...(ctx.sub.args ?? [])],
      env: { ...BASE_ENV },
    };
  },
  helper,
  helperJvm,
  runMany,
  rlimitAs: false,
  memoryErrors: [/java\.lang\.OutOfMemoryError/],
  proof: {
    run: (spec, ctx) => {
      const main = ctx.file.replace(/\.java$/, '');
      const i = spec.argv.indexOf(main);
      if (i < 0) throw new Error(`java: main class ${main} not in the run command`);
      return { ...spec, argv: [...spec.argv.slice(0, i), PROOF_CLASS, ...spec.argv.slice(i)] };
    },
  },
  defaults: { pids: 128 },
};
