// rlcf multi-test runner for Java: runs ONE submission against several stdin inputs inside ONE JVM,
// so that each extra test case costs a class-loader and a main() call instead of a JVM start.
//
// Trade-off (see also src/sandbox/run-many.ts): the tests of one submission share a process. Each
// test gets a FRESH class loader over the user's class directory (static state is re-initialised),
// its own System.in/out/err, a thread group whose threads must all be gone before the next test, and
// a SecurityManager that turns System.exit/Runtime.halt into a per-test exit code. Whatever the
// runner cannot reproduce faithfully (a test that exceeds a limit, writes to the real file
// descriptors, installs shutdown hooks, reflects into code that is not its own, leaves threads or
// files or properties behind, ...) stops the run with exit code FALLBACK: the engine then runs the
// remaining inputs one process per test, as before. The runner never guesses a verdict.
//
// Usage: java -Djava.security.manager=allow -cp <this dir> RlcfRunner <inputs file> <class dir>
//        <shared classpath or -> <main class> [args...]
// Inputs file (ASCII, deleted before any user code runs):
//   RLCF1 <nonce> <n> <frame budget bytes>
//   <timeout_ms> <wall_ms> <output_bytes> <base64 stdin or ->      (n lines)
// Output on the real stdout: one line per finished test, "<nonce> {json}", then "<nonce> END";
// a run that stops early prints "<nonce> ABORT <reason>" and exits with FALLBACK.
import java.io.*;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ReflectPermission;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.Permission;
import java.util.*;

@SuppressWarnings("removal")
public final class RlcfRunner {
    static final int FALLBACK = 97;

    /** System.exit / Runtime.halt in a test: unwinds the thread that called it. */
    static final class Exit extends Error {
        Exit() { super(null, null, false, false); }
    }

    /** The test wrote more than its output cap. */
    static final class OutputLimit extends Error {
        OutputLimit() { super(null, null, false, false); }
    }

    static final class TestLoader extends URLClassLoader {
        TestLoader(URL[] urls, ClassLoader parent) { super(urls, parent); }
    }

    /** Per-stream in-memory capture with the per-test cap (as the agent does for a process). */
    static final class Capture extends OutputStream {
        final Test t;
        byte[] buf = new byte[256];
        int size;
        boolean truncated;
        Capture(Test t) { this.t = t; }
        @Override public void write(int b) { write(new byte[] {(byte) b}, 0, 1); }
        @Override public void write(byte[] b, int off, int len) {
            synchronized (t) {
                if (t.frozen) {
                    if (t.overflow) throw new OutputLimit();
                    return; // after exit: the process would be gone, nothing more is written
                }
                int room = t.cap - size;
                int take = Math.min(len, Math.max(room, 0));
                if (size + take > buf.length) buf = Arrays.copyOf(buf, Math.max(size + take, Math.min(buf.length * 2, t.cap)));
                System.arraycopy(b, off, buf, size, take);
                size += take;
                if (len > room) {
                    truncated = true;
                    t.overflow = true;
                    t.frozen = true;
                    t.notifyAll();
                    throw new OutputLimit();
                }
            }
        }
    }

    static final class Test {
        final int index;
        final long timeoutMs, wallMs;
        final int cap;
        final byte[] stdin;
        ThreadGroup group;
        Thread main;
        TestLoader loader;
        final Capture out = new Capture(this), err = new Capture(this);
        boolean frozen, overflow, mainDone, mainThrew, memoryError;
        Integer exitCode; // set by System.exit
        volatile String poison; // the result cannot be trusted: stop, fall back from this test on
        volatile String dirty;  // the result is good but later tests could see what this one did
        long t0, wallNs;
        /** the process's CPU time when the test started: every thread counts, in any group */
        long proc0;
        /** threads alive before the test: any other one alive after it was started by the test */
        Set<Thread> before;
        final Map<Long, Long> cpu = new HashMap<>();
        Test(int index, long timeoutMs, long wallMs, int cap, byte[] stdin) {
            this.index = index; this.timeoutMs = timeoutMs; this.wallMs = wallMs; this.cap = cap; this.stdin = stdin;
        }
    }

    static final boolean DEBUG = System.getProperty("rlcf.debug") != null;
    static final PrintStream DEBUG_ERR = System.err;
    static volatile Test cur;
    static volatile boolean exiting;
    static OutputStream realOut;
    static String nonce;
    static long budget;
    static final ThreadMXBean TMX = threadBean();
    static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    /** ManagementFactory.getThreadMXBean() discovers every platform MBean provider first (~15 ms of
     * a JVM start); the helper it ends up calling is reachable with --add-exports. */
    static ThreadMXBean threadBean() {
        try {
            return (ThreadMXBean) Class.forName("sun.management.ManagementFactoryHelper")
                .getMethod("getThreadMXBean").invoke(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return ManagementFactory.getThreadMXBean();
        }
    }

    /** Everything is allowed (the sandbox around the JVM is the security boundary); the guard only
     * turns exits into per-test results and notices what would make tests see each other. */
    static final class Guard extends SecurityManager {
        @Override public void checkExit(int status) {
            if (exiting) return;
            Test t = cur;
            if (t == null) return;
            synchronized (t) {
                if (t.exitCode == null && !t.overflow) t.exitCode = status & 0xFF;
                t.frozen = true;
                t.notifyAll();
            }
            throw new Exit();
        }
        // files and properties by name: the JDK would build a Permission object for every read
        @Override public void checkRead(String file) { }
        @Override public void checkRead(String file, Object context) { }
        @Override public void checkWrite(String file) { wrote(cur, file); }
        @Override public void checkDelete(String file) { wrote(cur, file); }
        @Override public void checkExec(String cmd) { wrote(cur, cmd); }
        @Override public void checkPropertyAccess(String key) { }
        @Override public void checkPackageAccess(String pkg) { }
        @Override public void checkPackageDefinition(String pkg) { }
        @Override public void checkPermission(Permission p) { check(p); }
        @Override public void checkPermission(Permission p, Object context) { check(p); }

        private void check(Permission p) {
            Test t = cur;
            if (t == null || exiting) return;
            String name = p.getName();
            if (p instanceof RuntimePermission) {
                switch (name) {
                    case "setSecurityManager":
                        t.poison = name;
                        throw new SecurityException("rlcf: setSecurityManager");
                    case "shutdownHooks": // hooks would run at the end of the run, not of the test
                        t.poison = name;
                        break;
                    case "readFileDescriptor": case "writeFileDescriptor": // the real stdin/stdout
                    case "getClassLoader": case "getStackWalkerWithClassReference": // this runner
                        if (userCaller()) t.poison = name;
                        break;
                    case "setDefaultUncaughtExceptionHandler": case "setFactory":
                        t.dirty = name;
                        break;
                    default:
                        break;
                }
            } else if (p instanceof ReflectPermission) {
                if ("suppressAccessChecks".equals(name) && userCaller()) t.poison = "reflection";
            } else if (p instanceof FilePermission) {
                String a = p.getActions();
                if (a.contains("write") || a.contains("delete") || a.contains("execute")) wrote(t, name);
            } else if (p instanceof PropertyPermission) {
                if (p.getActions().contains("write")) t.dirty = "property " + name;
            } else if (p.getClass().getName().equals("java.security.SecurityPermission")) {
                if (name.startsWith("setProperty.") || name.startsWith("insertProvider") || name.startsWith("removeProvider")
                        || name.startsWith("putProviderProperty.") || name.equals("setPolicy")) t.dirty = name;
            } else if (p.getClass().getName().equals("java.util.logging.LoggingPermission")) {
                t.dirty = name; // "control": the logging configuration is global
            }
            if (DEBUG && (t.poison != null || t.dirty != null)) {
                new Throwable(t.poison + " / " + t.dirty).printStackTrace(DEBUG_ERR);
            }
        }

        private static void wrote(Test t, String name) {
            if (t == null || exiting) return;
            if (name.startsWith("/dev/") || name.startsWith("/proc/")) t.poison = "file " + name; // the real fds
            else t.dirty = "file " + name; // per process, every test has a fresh directory and /tmp
        }

        /** setAccessible & co called directly by the user's code (not by the JDK on its behalf). */
        static boolean userCaller() {
            return WALKER.walk(CALLER);
        }
    }

    static final class AllowAll extends java.security.Policy {
        @Override public boolean implies(java.security.ProtectionDomain d, Permission p) { return true; }
    }

    /** (not a lambda: nothing may need spinning inside a permission check) */
    static final java.util.function.Function<java.util.stream.Stream<StackWalker.StackFrame>, Boolean> CALLER = new Caller();

    /** Did the user's code call the API that asks for this permission (directly or through
     * java.lang.*), rather than the JDK on its own behalf (Scanner loading locale providers, an
     * EnumMap reading values(), ...)? */
    static final class Caller implements java.util.function.Function<java.util.stream.Stream<StackWalker.StackFrame>, Boolean> {
        @Override public Boolean apply(java.util.stream.Stream<StackWalker.StackFrame> s) {
            for (Iterator<StackWalker.StackFrame> it = s.iterator(); it.hasNext();) {
                Class<?> c = it.next().getDeclaringClass();
                if (c == Guard.class || c == SecurityManager.class) continue;
                if (c.getClassLoader() instanceof TestLoader) return true;
                if (!c.getName().startsWith("java.lang.")) return false;
            }
            return false;
        }
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable e) {
            abort("runner: " + e);
        }
    }

    static void run(String[] args) throws Exception {
        File inputs = new File(args[0]);
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new FileInputStream(inputs), StandardCharsets.US_ASCII), 1 << 16)) {
            for (String l; (l = r.readLine()) != null;) lines.add(l);
        }
        if (!inputs.delete()) throw new IOException("cannot delete " + inputs);
        String[] head = lines.get(0).split(" ");
        if (!head[0].equals("RLCF1")) throw new IllegalArgumentException("bad inputs header");
        nonce = head[1];
        int n = Integer.parseInt(head[2]);
        budget = Long.parseLong(head[3]);
        URL classDir = new File(args[1]).toURI().toURL();
        List<URL> shared = new ArrayList<>();
        if (!args[2].equals("-")) for (String j : args[2].split(":")) shared.add(new File(j).toURI().toURL());
        String mainClass = args[3];
        String[] userArgs = Arrays.copyOfRange(args, 4, args.length);
        realOut = new FileOutputStream(FileDescriptor.out);
        // the user's classes see the JDK and the shared jars (javatuples), never this runner
        ClassLoader parent = new URLClassLoader(shared.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        Charset cs = Charset.defaultCharset();
        PrintStream runnerErr = System.err;
        Thread dog = new Thread(new Task(null, null, null), "rlcf-watchdog");
        dog.setDaemon(true);
        dog.setPriority(Thread.MAX_PRIORITY);
        // load what the guard and the test path use before the guard is in place; a policy that
        // allows everything spares parsing the JDK's policy file (the guard decides)
        new Exit();
        java.security.Policy.setPolicy(new AllowAll());
        new OutputLimit();
        // JDK 17 prints a deprecation warning through System.err.printf here: a Formatter and its
        // regex, ~3 ms of the runner's start, for a line nobody reads
        System.setErr(new PrintStream(OutputStream.nullOutputStream()) {
            @Override public PrintStream printf(String format, Object... args) { return this; }
            @Override public PrintStream format(String format, Object... args) { return this; }
        });
        System.setSecurityManager(new Guard());
        System.setErr(runnerErr);
        dog.start();
        ThreadGroup home = Thread.currentThread().getThreadGroup();
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i + 1).split(" ");
            byte[] stdin = f[3].equals("-") ? new byte[0] : Base64.getDecoder().decode(f[3]);
            Test t = new Test(i, Long.parseLong(f[0]), Long.parseLong(f[1]), Integer.parseInt(f[2]), stdin);
            runTest(t, home, classDir, parent, mainClass, userArgs, cs);
            System.setErr(runnerErr);
            if (t.poison != null) abort("test " + i + ": " + t.poison);
            emit(t);
            if (t.dirty != null) abort("after test " + i + ": " + t.dirty);
        }
        write(nonce + " END\n");
        exiting = true;
        Runtime.getRuntime().halt(0);
    }

    static void runTest(Test t, ThreadGroup home, URL classDir, ClassLoader parent, String mainClass,
                        String[] userArgs, Charset cs) throws InterruptedException {
        t.loader = new TestLoader(new URL[] {classDir}, parent);
        t.group = new ThreadGroup(home, "main");
        System.setIn(new ByteArrayInputStream(t.stdin));
        System.setOut(new PrintStream(t.out, true, cs));
        System.setErr(new PrintStream(t.err, true, cs));
        t.main = new Thread(t.group, new Task(t, mainClass, userArgs), "main", 64L << 20);
        t.main.setContextClassLoader(t.loader);
        t.before = new HashSet<>(Arrays.asList(allThreads()));
        t.proc0 = procCpuNs();
        t.t0 = System.nanoTime();
        cur = t;
        t.main.start();
        synchronized (t) {
            while (!t.mainDone && !t.frozen) t.wait();
        }
        // as the JVM does after main: wait for the non-daemon threads (unless the test exited)
        while (!t.frozen) {
            Thread alive = null;
            for (Thread th : threads(t.group)) if (th.isAlive() && !th.isDaemon()) alive = th;
            if (alive == null) break;
            sample(t, alive);
            alive.join(20);
        }
        long wallNs = System.nanoTime() - t.t0;
        // what is still running now (daemon threads, threads unwinding from exit) must stop soon
        for (Thread th : threads(t.group)) {
            sample(t, th);
            th.join(50);
            if (th.isAlive()) t.dirty = "threads left running";
        }
        // a thread the test started outside its group (in the runner's, or the system's) is neither
        // waited for like the test's own nor may it run into the next test: this result is not the
        // one-process result, and the rest runs one process per test
        for (Thread th : allThreads()) {
            if (th.isAlive() && !t.before.contains(th) && th.getThreadGroup() != t.group) {
                th.join(50);
                if (th.isAlive()) t.poison = "a thread outside the test's group";
            }
        }
        cur = null;
        t.wallNs = wallNs;
        try {
            t.loader.close();
        } catch (IOException ignored) {
        }
    }

    /** The watchdog (t == null) or a test's main thread. (No lambdas: their bootstrap costs ms.) */
    static final class Task implements Runnable {
        final Test t;
        final String mainClass;
        final String[] args;
        Task(Test t, String mainClass, String[] args) { this.t = t; this.mainClass = mainClass; this.args = args; }
        @Override public void run() {
            if (t == null) watch();
            else invokeMain(t, mainClass, args);
        }
    }

    static void invokeMain(Test t, String mainClass, String[] userArgs) {
        try {
            Class<?> c = Class.forName(mainClass, false, t.loader);
            Method m = c.getMethod("main", String[].class);
            if (!Modifier.isStatic(m.getModifiers()) || m.getReturnType() != void.class) {
                t.poison = "no static void main";
                return;
            }
            m.setAccessible(true);
            try {
                m.invoke(null, (Object) userArgs.clone());
            } catch (InvocationTargetException e) {
                uncaught(t, e.getCause(), mainClass);
            } catch (ExceptionInInitializerError e) {
                uncaught(t, e, mainClass);
            }
        } catch (ExceptionInInitializerError e) {
            uncaught(t, e, mainClass);
        } catch (Exit | OutputLimit e) {
            // the test is over
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
            t.poison = "cannot start main: " + e;
        } catch (Throwable e) {
            uncaught(t, e, mainClass);
        } finally {
            long c = TMX.getCurrentThreadCpuTime();
            synchronized (t) {
                if (c > 0) t.cpu.put(Thread.currentThread().getId(), c);
                t.mainDone = true;
                t.notifyAll();
            }
        }
    }

    /** As the JVM reports an exception that escapes main: exit code 1, trace on stderr. */
    static void uncaught(Test t, Throwable e, String mainClass) {
        if (e instanceof Exit || e instanceof OutputLimit) return;
        synchronized (t) {
            t.mainThrew = true;
            if (e instanceof OutOfMemoryError) t.memoryError = true;
        }
        // drop this runner's frames (reflection, the test thread) below the user's main()
        StackTraceElement[] st = e.getStackTrace();
        for (int i = st.length - 1; i >= 0; i--) {
            if (st[i].getClassName().equals(mainClass) && st[i].getMethodName().equals("main")) {
                if (i < st.length - 1) e.setStackTrace(Arrays.copyOf(st, i + 1));
                break;
            }
        }
        try {
            System.err.print("Exception in thread \"main\" ");
            e.printStackTrace(System.err);
        } catch (Throwable ignored) {
        }
    }

    static Thread[] threads(ThreadGroup g) {
        Thread[] a = new Thread[g.activeCount() + 8];
        int k = g.enumerate(a, true);
        return Arrays.copyOf(a, k);
    }

    static void sample(Test t, Thread th) {
        long c = TMX.getThreadCpuTime(th.getId());
        if (c > 0) synchronized (t) {
            Long old = t.cpu.get(th.getId());
            if (old == null || old < c) t.cpu.put(th.getId(), c);
        }
    }

    /** A test's CPU time: its threads' (precise), or the whole process's since it started if that is
     * more (a thread outside the test's group, or one that came and went between samples). */
    static long cpuNs(Test t) {
        long s = 0;
        synchronized (t) {
            for (long v : t.cpu.values()) s += v;
        }
        return Math.max(s, procCpuNs() - t.proc0);
    }

    /** CPU time of the whole process (every thread, the JVM's own included): /proc/self/stat via
     * ProcessHandle, in clock ticks (10 ms). */
    static long procCpuNs() {
        java.util.Optional<java.time.Duration> d = ProcessHandle.current().info().totalCpuDuration();
        return d.isPresent() ? d.get().toNanos() : 0;
    }

    /** Every live thread of this JVM (the root group, recursively). */
    static Thread[] allThreads() {
        ThreadGroup g = Thread.currentThread().getThreadGroup();
        while (g.getParent() != null) g = g.getParent();
        return threads(g);
    }

    /** Per-test limits: a test over its CPU or wall limit stops the run (its verdict is left to the
     * one-process path, which measures it the way every other language is measured). */
    static void watch() {
        while (true) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
            Test t = cur;
            if (t == null) continue;
            try {
                for (Thread th : threads(t.group)) sample(t, th);
                long wall = (System.nanoTime() - t.t0) / 1_000_000;
                if (cur == t && (cpuNs(t) / 1_000_000 > t.timeoutMs || wall > t.wallMs)) {
                    abort("test " + t.index + " over its time limit");
                }
            } catch (Throwable e) {
                abort("watchdog: " + e);
            }
        }
    }

    static void emit(Test t) throws IOException {
        StringBuilder b = new StringBuilder(64 + (t.out.size + t.err.size) * 4 / 3);
        boolean killed = t.overflow;
        b.append(nonce).append(" {\"i\":").append(t.index)
            .append(",\"exit\":").append(killed ? "null" : String.valueOf(t.exitCode != null ? t.exitCode : t.mainThrew ? 1 : 0))
            .append(",\"signal\":").append(killed ? "9" : "null")
            .append(",\"out_trunc\":").append(t.out.truncated)
            .append(",\"err_trunc\":").append(t.err.truncated)
            .append(",\"output_limit\":").append(t.overflow)
            .append(",\"memory_error\":").append(t.memoryError)
            .append(",\"cpu_us\":").append(cpuNs(t) / 1000)
            .append(",\"wall_us\":").append(t.wallNs / 1000)
            .append(",\"out\":\"").append(Base64.getEncoder().encodeToString(Arrays.copyOf(t.out.buf, t.out.size)))
            .append("\",\"err\":\"").append(Base64.getEncoder().encodeToString(Arrays.copyOf(t.err.buf, t.err.size)))
            .append("\"}\n");
        byte[] line = b.toString().getBytes(StandardCharsets.US_ASCII);
        if (line.length + 200 > budget) abort("output budget");
        budget -= line.length;
        write(line);
    }

    static synchronized void write(String s) {
        write(s.getBytes(StandardCharsets.US_ASCII));
    }

    static synchronized void write(byte[] b) {
        try {
            realOut.write(b);
            realOut.flush();
        } catch (IOException e) {
            exiting = true;
            Runtime.getRuntime().halt(FALLBACK);
        }
    }

    static void abort(String why) {
        exiting = true;
        try {
            if (realOut != null && nonce != null) write(nonce + " ABORT " + why.replace('\n', ' ') + "\n");
        } finally {
            Runtime.getRuntime().halt(FALLBACK);
        }
    }
}
