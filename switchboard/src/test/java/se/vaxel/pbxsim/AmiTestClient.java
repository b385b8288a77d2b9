package se.vaxel.pbxsim;

import org.awaitility.Awaitility;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import se.vaxel.ami.protocol.AmiMessage;

/** A small blocking AMI client for tests: a socket, a reader thread, and everything it received, in order. */
public final class AmiTestClient implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final List<AmiMessage> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Thread reader;
    private volatile String banner;
    private volatile boolean closedByPeer;

    private AmiTestClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        out = socket.getOutputStream();
        reader = new Thread(this::readLoop, "ami-test-client");
        reader.setDaemon(true);
        reader.start();
    }

    public static AmiTestClient connect(int port) {
        try {
            AmiTestClient c = new AmiTestClient(port);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> c.banner != null);
            return c;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Connects and logs in with a plain secret; waits for the Login response. */
    public static AmiTestClient login(int port, String user, String secret) {
        AmiTestClient c = connect(port);
        AmiMessage r = c.action(AmiMessage.action("Login").add("Username", user).add("Secret", secret));
        if (!"Success".equals(r.get("Response"))) {
            throw new IllegalStateException("login failed: " + r);
        }
        return c;
    }

    private void readLoop() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            banner = in.readLine();
            AmiMessage.Builder b = AmiMessage.builder();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (b.size() > 0) {
                        received.add(b.build());
                        b = AmiMessage.builder();
                    }
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    String v = line.substring(colon + 1);
                    b.add(line.substring(0, colon), v.startsWith(" ") ? v.substring(1) : v);
                }
            }
        } catch (IOException ignored) {
            // socket closed by the test
        }
        closedByPeer = true;
    }

    public String banner() {
        return banner;
    }

    public boolean closedByPeer() {
        return closedByPeer;
    }

    public List<AmiMessage> received() {
        return new ArrayList<>(received);
    }

    public List<AmiMessage> events() {
        return received.stream().filter(AmiMessage::isEvent).toList();
    }

    /** Sends an action (an ActionID is added when missing) and returns its ActionID. */
    public String send(AmiMessage.Builder action) {
        AmiMessage m = action.build();
        String id = m.actionId();
        if (id == null) {
            id = "t-" + ids.incrementAndGet();
            m = m.with("ActionID", id);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < m.size(); i++) {
            sb.append(m.name(i)).append(": ").append(m.value(i)).append("\r\n");
        }
        sb.append("\r\n");
        try {
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    /** Sends an action and waits for its response. */
    public AmiMessage action(AmiMessage.Builder action) {
        String id = send(action);
        return awaitResponse(id);
    }

    public AmiMessage awaitResponse(String actionId) {
        return await(m -> m.isResponse() && actionId.equals(m.actionId()), Duration.ofSeconds(5));
    }

    public AmiMessage awaitEvent(String name, Predicate<AmiMessage> p, Duration timeout) {
        return await(m -> name.equals(m.eventName()) && p.test(m), timeout);
    }

    public AmiMessage await(Predicate<AmiMessage> p, Duration timeout) {
        AmiMessage[] hit = new AmiMessage[1];
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(10)).until(() -> {
            for (AmiMessage m : received) {
                if (p.test(m)) {
                    hit[0] = m;
                    return true;
                }
            }
            return false;
        });
        return hit[0];
    }

    /** The messages of a list action, from its response to its Complete event. */
    public List<AmiMessage> list(AmiMessage.Builder action, String completeEvent) {
        String id = send(action);
        await(m -> completeEvent.equals(m.eventName()) && id.equals(m.actionId()), Duration.ofSeconds(5));
        return received.stream().filter(m -> id.equals(m.actionId())).toList();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
