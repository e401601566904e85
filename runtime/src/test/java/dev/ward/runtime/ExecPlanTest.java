package dev.ward.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The plan the parent hands the child survives the trip, and anything else is refused. */
class ExecPlanTest {
    @Test
    void roundTrip() throws IOException {
        ExecPlan plan = new ExecPlan("web", "/bin/sh", List.of("sh", "-c", "echo é\nnext"), List.of("A=1", "B="),
                List.of(new ExecPlan.RlimitSetting(7, 1024, -1)),
                new ExecPlan.CapabilityMasks(0x4e1, 0x4e1, 0x4e1, 0, 0), true, Optional.of("ward-web"),
                new byte[] {6, 0, 0, 0, 0, 0, (byte) 0xff, 0x7f}, 317, 436, Optional.of("web"), true,
                List.of(new ExecPlan.MountStep(ExecPlan.MountStep.Kind.MASK_DIR, "/sys/firmware")));
        ExecPlan back = ExecPlan.decode(plan.encode());
        assertEquals(plan.argv(), back.argv());
        assertEquals(plan.env(), back.env());
        assertEquals(plan.rlimits(), back.rlimits());
        assertEquals(plan.caps(), back.caps());
        assertEquals(plan.apparmorProfile(), back.apparmorProfile());
        assertArrayEquals(plan.seccompFilter(), back.seccompFilter());
        assertEquals(List.of(plan.seccompSyscall(), plan.closeRangeSyscall()),
                List.of(back.seccompSyscall(), back.closeRangeSyscall()));
        assertEquals(plan.hostname(), back.hostname());
        assertEquals(plan.mounts(), back.mounts());
        assertTrue(back.noNewPrivs() && back.loopbackUp());
    }

    @Test
    void otherBytesAreRefused() {
        assertThrows(IOException.class, () -> ExecPlan.decode(new byte[] {1, 2, 3, 4, 5}));
        byte[] truncated = java.util.Arrays.copyOf(new ExecPlan("x", "/bin/true", List.of("true"), List.of(),
                List.of(), new ExecPlan.CapabilityMasks(0, 0, 0, 0, 0), false, Optional.empty(), new byte[0], 1, 2,
                Optional.empty(), false, List.of()).encode(), 12);
        assertThrows(IOException.class, () -> ExecPlan.decode(truncated));
    }
}
