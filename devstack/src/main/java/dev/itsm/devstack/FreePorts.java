package dev.itsm.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Free TCP ports on the loopback address, as the operating system hands them out. */
final class FreePorts {
    private FreePorts() {}

    /**
     * {@code count} distinct ports that were free a moment ago. The sockets are held until all are chosen so that the
     * same port is not handed out twice; another process may still take one before the child binds it, which is rare
     * enough on a developer machine to accept.
     */
    static int[] pick(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on the loopback address", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // nothing was accepted on it
                }
            }
        }
    }
}
