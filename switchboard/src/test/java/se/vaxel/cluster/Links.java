package se.vaxel.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The network between cluster members on loopback, able to split: each member listens on its own loopback address
 * (127.0.0.N) and is reached only through a proxy on that address, which knows who is calling by the caller's
 * address (members bind their outgoing sockets to their own). {@link #split} closes every connection between the
 * sides and refuses new ones, as a network partition that resets connections would; {@link #splitSilently} keeps
 * them open but lets nothing through, as one that drops packets would (only the heartbeat timeout tells);
 * {@link #heal} lets them through again. Hazelcast's own test support does this inside the member, and is not in the
 * open-source jar.
 */
final class Links implements AutoCloseable {

    /** Which side each host is on; hosts not named are on side 0. */
    private final Map<String, Integer> side = new ConcurrentHashMap<>();
    private final List<ServerSocket> listeners = new ArrayList<>();
    private final Set<Pipe> pipes = ConcurrentHashMap.newKeySet();
    private volatile boolean silent;

    private record Pipe(String from, String to, Socket in, Socket out) {
        void close() {
            quietly(in);
            quietly(out);
        }
    }

    /** Forwards {@code host:listenPort} to {@code host:targetPort}. */
    void proxy(String host, int listenPort, int targetPort) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(host), listenPort));
        synchronized (listeners) {
            listeners.add(server);
        }
        daemon("links-accept-" + host, () -> {
            while (!server.isClosed()) {
                Socket in;
                try {
                    in = server.accept();
                } catch (IOException e) {
                    return;
                }
                String from = in.getInetAddress().getHostAddress();
                if (!linked(from, host) && !silent) {
                    quietly(in);
                    continue;
                }
                try {
                    Socket out = new Socket();
                    out.connect(new InetSocketAddress(InetAddress.getByName(host), targetPort), 2000);
                    Pipe pipe = new Pipe(from, host, in, out);
                    pipes.add(pipe);
                    pump(pipe, in, out);
                    pump(pipe, out, in);
                } catch (IOException e) {
                    quietly(in);
                }
            }
        });
    }

    /** Puts {@code hosts} on a side of their own and cuts every link across. */
    void split(Set<String> hosts) {
        hosts.forEach(h -> side.put(h, 1));
        closeAcross();
    }

    /** Puts {@code hosts} on a side of their own; the links across stay open and carry nothing. */
    void splitSilently(Set<String> hosts) {
        silent = true;
        hosts.forEach(h -> side.put(h, 1));
    }

    /** Joins the sides again; a silenced link is closed first (its streams lost bytes), so members connect anew. */
    void heal() {
        closeAcross();
        silent = false;
        side.clear();
    }

    private void closeAcross() {
        for (Pipe p : pipes) {
            if (!linked(p.from(), p.to())) {
                pipes.remove(p);
                p.close();
            }
        }
    }

    private boolean linked(String a, String b) {
        return side.getOrDefault(a, 0).equals(side.getOrDefault(b, 0));
    }

    private void pump(Pipe pipe, Socket from, Socket to) {
        daemon("links-pump", () -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (linked(pipe.from(), pipe.to())) {
                        out.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // closed by either end or by a split
            } finally {
                pipes.remove(pipe);
                pipe.close();
            }
        });
    }

    private static void daemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }

    private static void quietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing
        }
    }

    @Override
    public void close() {
        synchronized (listeners) {
            for (ServerSocket s : listeners) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing
                }
            }
        }
        pipes.forEach(Pipe::close);
    }
}
