import java.io.*;
import java.nio.charset.StandardCharsets;
import java.util.*;
import javax.tools.*;

/**
 * A warm javac (java-server.ts): compiles one request at a time through javax.tools in this
 * long-lived JVM, so that a compile costs javac's own work, not a JVM start and a cold javac.
 *
 * Requests on stdin, one per line, tab-separated: id, output directory, classpath ("-" for none),
 * then the source files. Answers on stdout: "id\tok|error|oom\t<base64 of javac's messages>".
 *
 * Nothing of one compile reaches the next: each gets a fresh file manager (no cached listing of an
 * earlier output directory) and a fresh javac context; -proc:none runs no annotation processor (no
 * code of the source or its classpath runs at compile time), and javac writes only into the
 * request's own directory. What stays is the JVM's JIT-compiled javac and the JDK's own module
 * index (read-only platform classes). Out of memory: this JVM answers "oom" and exits (its state
 * after an OutOfMemoryError is not trusted); the engine starts another.
 */
public final class RlcfJavac {
    public static void main(String[] args) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
        // nothing else may write on the protocol's stdout
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        out.println("READY");
        for (String line; (line = in.readLine()) != null; ) {
            String[] f = line.split("\t");
            if (f.length < 4) {
                out.println((f.length > 0 ? f[0] : "?") + "\terror\t" + b64("rlcf: malformed compile request"));
                continue;
            }
            StringWriter msgs = new StringWriter();
            String status;
            try {
                status = compile(javac, f, msgs) ? "ok" : "error";
            } catch (OutOfMemoryError e) {
                msgs = new StringWriter();
                out.println(f[0] + "\toom\t" + b64("compilation exceeded its memory limit"));
                System.exit(3);
                return;
            } catch (Throwable e) {
                // javac's own crash on this source: a compile error, as the javac command reports it
                msgs.write("An exception has occurred in the compiler: " + e);
                status = "error";
            }
            out.println(f[0] + "\t" + status + "\t" + b64(msgs.toString()));
        }
    }

    private static boolean compile(JavaCompiler javac, String[] f, Writer msgs) throws IOException {
        List<String> opts = new ArrayList<>(List.of("-encoding", "UTF-8", "-nowarn", "-proc:none", "-d", f[1]));
        if (!f[2].equals("-")) {
            opts.add("-cp");
            opts.add(f[2]);
        }
        List<File> files = new ArrayList<>();
        for (int i = 3; i < f.length; i++) files.add(new File(f[1], f[i]));
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = fm.getJavaFileObjectsFromFiles(files);
            return javac.getTask(msgs, fm, null, opts, null, units).call();
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
