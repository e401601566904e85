package dev.ward.runtime.linux;

import com.sun.jna.LastErrorException;
import java.util.Arrays;

/** A close-on-exec pipe whose ends are closed at most once (a second close could hit a reused number). */
public final class Pipe implements AutoCloseable {
    private int read;
    private int write;

    public Pipe() {
        int[] fds = new int[2];
        LibC.INSTANCE.pipe2(fds, Linux.O_CLOEXEC);
        read = fds[0];
        write = fds[1];
    }

    public int readFd() {
        return read;
    }

    public int writeFd() {
        return write;
    }

    /** Waits up to {@code ms} for something to read (or the end of the pipe). */
    public boolean readable(int ms) {
        com.sun.jna.Memory pfd = new com.sun.jna.Memory(8);
        pfd.setInt(0, read);
        pfd.setShort(4, (short) 1 /* POLLIN */);
        pfd.setShort(6, (short) 0);
        try {
            return LibC.INSTANCE.poll(pfd, 1, ms) > 0;
        } catch (LastErrorException e) {
            return false;
        }
    }

    /** Reads one byte: its value, or -1 at the end of the pipe. */
    public int readByte() {
        byte[] one = new byte[1];
        while (true) {
            try {
                return LibC.INSTANCE.read(read, one, 1) == 1 ? one[0] & 0xff : -1;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Linux.EINTR) return -1;
            }
        }
    }

    public void closeRead() {
        if (read >= 0) LibC.INSTANCE.close(read);
        read = -1;
    }

    public void closeWrite() {
        if (write >= 0) LibC.INSTANCE.close(write);
        write = -1;
    }

    /** Writes everything; throws IllegalStateException when the reader is gone. */
    public void writeAll(byte[] bytes) {
        int off = 0;
        while (off < bytes.length) {
            byte[] chunk = off == 0 ? bytes : Arrays.copyOfRange(bytes, off, bytes.length);
            try {
                off += (int) LibC.INSTANCE.write(write, chunk, chunk.length);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Linux.EINTR) throw new IllegalStateException("the reader has gone");
            }
        }
    }

    @Override
    public void close() {
        closeRead();
        closeWrite();
    }
}
