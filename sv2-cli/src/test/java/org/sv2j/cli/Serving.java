package org.sv2j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** {@code sv2 serve} running in-process on a thread, with its port, its metrics and a way to stop it. */
final class Serving implements AutoCloseable {
  final ServeCommand command;
  final CompletableFuture<Run> run;
  final int port;
  private final StringWriter out;

  private Serving(ServeCommand command, CompletableFuture<Run> run, int port, StringWriter out) {
    this.command = command;
    this.run = run;
    this.port = port;
    this.out = out;
  }

  static Serving start(Path tmp, Map<String, String> env, String... args) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Sv2.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
    ServeCommand serve = cl.getSubcommands().get("serve").getCommand();
    serve.env = env;
    Path portFile = tmp.resolve("port-" + System.nanoTime());
    String[] all = new String[args.length + 5];
    all[0] = "serve";
    all[1] = "--listen";
    all[2] = "127.0.0.1:0";
    all[3] = "--port-file";
    all[4] = portFile.toString();
    System.arraycopy(args, 0, all, 5, args.length);
    CompletableFuture<Run> run =
        CompletableFuture.supplyAsync(() -> {
          int status = cl.execute(all);
          return new Run(status, out.toString(), err.toString());
        });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!java.nio.file.Files.exists(portFile)) {
      if (run.isDone()) {
        throw new AssertionError("serve ended: " + run.get());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("serve did not start");
      }
      Thread.sleep(10);
    }
    return new Serving(serve, run, Integer.parseInt(CommandsTest.awaitPort(portFile)), out);
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port);
  }

  String where() {
    return "127.0.0.1:" + port;
  }

  org.sv2j.netty.Sv2Metrics metrics() {
    return command.metrics();
  }

  /** The log so far (it is written asynchronously: poll it). */
  String log() {
    synchronized (out) {
      return out.toString();
    }
  }

  Run stop() throws Exception {
    command.stop();
    return run.get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    if (!run.isDone()) {
      stop();
    }
  }
}
