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
    IoHandlerFactory f = useEpoll ? io.netty.channel.epoll.EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), f);
  }

  static Class<? extends ServerChannel> serverChannel(boolean useEpoll) {
    return useEpoll ? io.netty.channel.epoll.EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  static Class<? extends SocketChannel> channel(boolean useEpoll) {
    return useEpoll ? io.netty.channel.epoll.EpollSocketChannel.class : NioSocketChannel.class;
  }
}
