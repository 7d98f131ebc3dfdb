package org.sv2j.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** Native epoll where it loads (Linux with netty-transport-native-epoll on the class path), NIO otherwise. */
final class Transports {
  private Transports() {}

  /** Whether the native epoll transport is available. */
  static boolean epoll() {
    try {
      return io.netty.channel.epoll.Epoll.isAvailable();
    } catch (Throwable t) { // classes or native library missing
      return false;
    }
  }

  static EventLoopGroup group(boolean useEpoll, int threads, String name) {
    return group(useEpoll, threads, name, null);
  }

  /** A group whose threads are added to {@code started} (for joining them on close), if not null. */
  static EventLoopGroup group(boolean useEpoll, int threads, String name, java.util.Queue<Thread> started) {
    IoHandlerFactory f = useEpoll ? io.netty.channel.epoll.EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    DefaultThreadFactory tf = new DefaultThreadFactory(name, true) {
      @Override
      protected Thread newThread(Runnable r, String threadName) {
        Thread t = super.newThread(r, threadName);
        if (started != null) {
          started.add(t);
        }
        return t;
      }
    };
    return new MultiThreadIoEventLoopGroup(threads, tf, f);
  }

  /** Waits (up to {@code millis} in all) for the threads to end: a closed server leaves no thread behind. */
  static void join(java.util.Queue<Thread> threads, long millis) {
    long deadline = System.currentTimeMillis() + millis;
    for (Thread t : threads) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0 || t == Thread.currentThread()) {
        continue;
      }
      try {
        t.join(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  static Class<? extends ServerChannel> serverChannel(boolean useEpoll) {
    return useEpoll ? io.netty.channel.epoll.EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  static Class<? extends SocketChannel> channel(boolean useEpoll) {
    return useEpoll ? io.netty.channel.epoll.EpollSocketChannel.class : NioSocketChannel.class;
  }
}
