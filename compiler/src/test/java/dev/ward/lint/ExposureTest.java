package dev.ward.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.ir.Action;
import dev.ward.ir.AppArmor;
import dev.ward.ir.Capability;
import dev.ward.ir.Limits;
import dev.ward.ir.Namespace;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ExposureTest {
    @Test
    void aConfinedProfileScoresLow() {
        Exposure e = Exposure.of(new ProfileBuilder("web").build());
        assertTrue(e.score() < 1, e.render());
        assertEquals("SAFE", e.rating());
        assertEquals(e.score(), e.contributions().stream().mapToDouble(Exposure.Contribution::points).sum(), 0.25);
    }

    @Test
    void nothingConfinedScoresTen() {
        var b = new ProfileBuilder("open").privileged();
        b.apparmor = AppArmor.none();
        b.defaultAction = Action.ALLOW;
        b.rules();
        b.capabilities = dev.ward.ir.Capabilities.unspecified();
        b.limits = Limits.none();
        b.devices.clear();
        b.devices.add(new dev.ward.ir.DeviceRule(true, 'a', -1, -1, "rwm", ProfileBuilder.at(11)));
        b.filesystem = new dev.ward.ir.Filesystem(java.util.Optional.of(dev.ward.ir.Filesystem.Mode.RW),
                java.util.Optional.of(dev.ward.ir.Filesystem.Mode.RW), java.util.List.of(), java.util.List.of(),
                java.util.List.of(), ProfileBuilder.at(12));
        b.shared = EnumSet.allOf(Namespace.class);
        b.network = new dev.ward.ir.Network(dev.ward.ir.Network.Kind.PHYS, java.util.Optional.of("eth0"), false, 1,
                ProfileBuilder.at(10));
        Exposure e = Exposure.of(b.build());
        assertEquals(10.0, e.score(), e.render());
        assertEquals("UNSAFE", e.rating());
    }

    @Test
    void eachSettingMovesTheScore() {
        double base = Exposure.of(new ProfileBuilder("web").build()).score();
        var caps = new ProfileBuilder("web").keep(Capability.SYS_ADMIN, Capability.BPF);
        assertTrue(Exposure.of(caps.build()).score() > base);
        var allow = new ProfileBuilder("web");
        allow.defaultAction = Action.ALLOW;
        Exposure e = Exposure.of(allow.build());
        assertTrue(e.score() > base + 1, e.render());
        assertTrue(e.contributions().stream().anyMatch(c -> c.setting().equals("dangerous syscalls")
                && c.value().contains("ptrace") && c.exposure() == 1.0), e.render());
        assertTrue(Exposure.of(new ProfileBuilder("web").share(Namespace.NET).build()).score() > base);
    }
}
