package dev.ward.runtime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything the process that becomes the command must do to itself, resolved by the parent: the child
 * needs no policy, no compiler and no file beyond this. Encoded as bytes and handed over on a pipe.
 *
 * @param label          the profile name, for messages
 * @param path           the absolute path of the program to execute
 * @param argv           its arguments, argv[0] first
 * @param env            its environment, {@code NAME=VALUE}
 * @param rlimits        the exact soft and hard limits to set
 * @param caps           the capability sets, as bit masks by capability number
 * @param noNewPrivs     set no_new_privs
 * @param apparmorProfile the AppArmor profile to request for the exec, when AppArmor is enabled
 * @param seccompFilter  a raw {@code struct sock_filter} array for the native ABI; empty for none
 * @param seccompSyscall the number of seccomp(2) on this architecture
 * @param closeRangeSyscall the number of close_range(2) on this architecture
 * @param hostname       the host name to set in a new UTS namespace
 * @param loopbackUp     bring {@code lo} up in a new network namespace
 * @param mounts         filesystem changes to make in a new mount namespace, in order
 */
public record ExecPlan(String label, String path, List<String> argv, List<String> env, List<RlimitSetting> rlimits,
                       CapabilityMasks caps, boolean noNewPrivs, Optional<String> apparmorProfile,
                       byte[] seccompFilter, long seccompSyscall, long closeRangeSyscall, Optional<String> hostname, boolean loopbackUp,
                       List<MountStep> mounts) {
    private static final int MAGIC = 0x57617264;

    public ExecPlan {
        argv = List.copyOf(argv);
        env = List.copyOf(env);
        rlimits = List.copyOf(rlimits);
        mounts = List.copyOf(mounts);
        seccompFilter = seccompFilter.clone();
        if (seccompFilter.length % 8 != 0) throw new IllegalArgumentException("a BPF program is 8-byte instructions");
    }

    /** The five capability sets as bit masks: bounding, permitted, effective, inheritable, ambient. */
    public record CapabilityMasks(long bounding, long permitted, long effective, long inheritable, long ambient) {}

    /** One {@code prlimit} call: the kernel's resource number and the values (-1 is RLIM_INFINITY). */
    public record RlimitSetting(int resource, long soft, long hard) {}

    /**
     * One filesystem change in the new mount namespace: a read-only bind of a path onto itself, or a mask
     * (/dev/null over a file, an empty read-only tmpfs over a directory).
     */
    public record MountStep(Kind kind, String path) {
        public enum Kind { READONLY, MASK_FILE, MASK_DIR }
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            writeString(out, label);
            writeString(out, path);
            writeStrings(out, argv);
            writeStrings(out, env);
            out.writeInt(rlimits.size());
            for (RlimitSetting r : rlimits) {
                out.writeInt(r.resource());
                out.writeLong(r.soft());
                out.writeLong(r.hard());
            }
            out.writeLong(caps.bounding());
            out.writeLong(caps.permitted());
            out.writeLong(caps.effective());
            out.writeLong(caps.inheritable());
            out.writeLong(caps.ambient());
            out.writeBoolean(noNewPrivs);
            writeOptional(out, apparmorProfile);
            out.writeInt(seccompFilter.length);
            out.write(seccompFilter);
            out.writeLong(seccompSyscall);
            out.writeLong(closeRangeSyscall);
            writeOptional(out, hostname);
            out.writeBoolean(loopbackUp);
            out.writeInt(mounts.size());
            for (MountStep m : mounts) {
                out.writeInt(m.kind().ordinal());
                writeString(out, m.path());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes {@link #encode()}'s bytes; throws IOException on anything else. */
    public static ExecPlan decode(byte[] data) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        if (in.readInt() != MAGIC) throw new IOException("not an exec plan");
        String label = readString(in);
        String path = readString(in);
        List<String> argv = readStrings(in);
        List<String> env = readStrings(in);
        int n = in.readInt();
        List<RlimitSetting> rlimits = new ArrayList<>();
        for (int i = 0; i < n; i++) rlimits.add(new RlimitSetting(in.readInt(), in.readLong(), in.readLong()));
        CapabilityMasks caps = new CapabilityMasks(in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                in.readLong());
        boolean nnp = in.readBoolean();
        Optional<String> apparmor = readOptional(in);
        byte[] filter = new byte[in.readInt()];
        in.readFully(filter);
        long seccompNr = in.readLong();
        long closeRangeNr = in.readLong();
        Optional<String> hostname = readOptional(in);
        boolean lo = in.readBoolean();
        int m = in.readInt();
        List<MountStep> mounts = new ArrayList<>();
        MountStep.Kind[] kinds = MountStep.Kind.values();
        for (int i = 0; i < m; i++) {
            int k = in.readInt();
            if (k < 0 || k >= kinds.length) throw new IOException("bad mount kind " + k);
            mounts.add(new MountStep(kinds[k], readString(in)));
        }
        return new ExecPlan(label, path, argv, env, rlimits, caps, nnp, apparmor, filter, seccompNr, closeRangeNr,
                hostname, lo, mounts);
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) throw new IOException("truncated exec plan");
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void writeStrings(DataOutputStream out, List<String> list) throws IOException {
        out.writeInt(list.size());
        for (String s : list) writeString(out, s);
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) throw new IOException("truncated exec plan");
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) list.add(readString(in));
        return list;
    }

    private static void writeOptional(DataOutputStream out, Optional<String> value) throws IOException {
        out.writeBoolean(value.isPresent());
        if (value.isPresent()) writeString(out, value.get());
    }

    private static Optional<String> readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? Optional.of(readString(in)) : Optional.empty();
    }
}
