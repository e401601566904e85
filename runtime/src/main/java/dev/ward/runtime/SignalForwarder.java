package dev.ward.runtime;

import dev.ward.runtime.linux.LibC;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While a command runs, SIGINT, SIGTERM, SIGHUP and SIGQUIT sent to ward go to the command instead of ending
 * ward; ward stays to collect the exit status and clean up. A signal that arrives before the command's pid
 * is known is delivered once it is.
 */
final class SignalForwarder implements AutoCloseable {
    private static final String[] SIGNALS = {"INT", "TERM", "HUP", "QUIT"};

    private final List<Signal> installed = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private final List<Integer> pending = new ArrayList<>();
    private int target;

    SignalForwarder() {
        for (String name : SIGNALS) {
            Signal s = new Signal(name);
            try {
                previous.add(Signal.handle(s, this::received));
                installed.add(s);
            } catch (IllegalArgumentException e) {
                // The JVM was started with this signal ignored or reserved (-Xrs, nohup): leave it alone.
            }
        }
    }

    /** From now on signals go to this pid. */
    synchronized void target(int pid) {
        this.target = pid;
        for (int sig : pending) send(sig);
        pending.clear();
    }

    private synchronized void received(Signal s) {
        if (target == 0) pending.add(s.getNumber());
        else send(s.getNumber());
    }

    private void send(int sig) {
        try {
            LibC.INSTANCE.kill(target, sig);
        } catch (RuntimeException e) {
            // The command has just ended; the wait reports how.
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < installed.size(); i++) Signal.handle(installed.get(i), previous.get(i));
    }
}
