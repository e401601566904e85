package dev.ward.apparmor;

import static dev.ward.apparmor.Ir.q;
import static dev.ward.apparmor.Ir.rule;
import static dev.ward.apparmor.Ir.w;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ward.diag.Diagnostics;
import dev.ward.diag.Severity;
import dev.ward.ir.AppArmorRule;
import dev.ward.ir.Mode;
import dev.ward.ir.Profile;
import java.util.List;
import org.junit.jupiter.api.Test;

class DenyOverridesTest {
    static List<DenyOverrides.Finding> find(Mode mode, AppArmorRule... rules) {
        return DenyOverrides.find(Ir.profile("p", mode, rules));
    }

    @Test
    void aDenyCoveringAnAllowIsFoundAndWarnedAtTheAllow() {
        Profile p = Ir.profile("p", null, rule("deny file", w("w"), q("/etc/**")), rule("file", w("rw"), q("/etc/app/**")));
        List<DenyOverrides.Finding> f = DenyOverrides.find(p);
        assertEquals(1, f.size());
        assertEquals("w", f.get(0).lost());
        assertTrue(f.get(0).complete());
        Diagnostics d = new Diagnostics();
        AppArmorTarget.render(p, d).orElseThrow();
        assertEquals(1, d.all().size());
        assertEquals(Severity.WARNING, d.all().get(0).severity());
        assertEquals(Codes.DENY_OVERRIDES, d.all().get(0).code());
        assertEquals(11, d.all().get(0).span().line());
    }

    @Test
    void partialOverlapIsReportedAsPartialAndNotWarned() {
        List<DenyOverrides.Finding> f = find(null, rule("deny file", w("w"), q("/etc/**")), rule("file", w("w"), q("/e*/x")));
        assertEquals(1, f.size());
        assertTrue(!f.get(0).complete());
        Diagnostics d = new Diagnostics();
        AppArmorTarget.render(Ir.profile("p", null, rule("deny file", w("w"), q("/etc/**")), rule("file", w("w"), q("/e*/x"))), d);
        assertTrue(d.all().isEmpty(), d.all()::toString);
    }

    @Test
    void onlyOverlappingPermissionsCount() {
        assertTrue(find(null, rule("deny file", w("w"), q("/etc/**")), rule("file", w("r"), q("/etc/x"))).isEmpty());
        assertTrue(find(null, rule("deny file", w("w"), q("/etc/**")), rule("file", w("w"), q("/var/**"))).isEmpty());
        assertEquals("a", find(null, rule("deny file", w("w"), q("/etc/**")), rule("file", w("a"), q("/etc/log"))).get(0).lost());
        assertTrue(find(null, rule("deny file", w("a"), q("/etc/**")), rule("file", w("w"), q("/etc/log"))).isEmpty());
        assertEquals("x", find(null, rule("deny file", w("x"), q("/usr/**")), rule("file", w("ix"), q("/usr/bin/sh"))).get(0).lost());
    }

    @Test
    void theContainerDefaultsCountAndTheirExceptionsHold() {
        assertTrue(find(Mode.UNPRIVILEGED, rule("file", w("w"), q("/proc/sys/kernel/hostname"))).isEmpty());
        assertTrue(find(Mode.UNPRIVILEGED, rule("file", w("w"), q("/proc/sys/net/**"))).isEmpty());
        List<DenyOverrides.Finding> f = find(Mode.UNPRIVILEGED, rule("file", w("w"), q("/proc/sys/vm/overcommit_memory")));
        assertEquals(1, f.size());
        assertTrue(f.get(0).complete());
        assertTrue(find(Mode.PRIVILEGED, rule("file", w("w"), q("/sys/fs/cgroup/**"))).isEmpty());
        assertTrue(find(Mode.PRIVILEGED, rule("file", w("r"), q("/sys/firmware/efi/efivars/x"))).get(0).complete());
    }

    @Test
    void capabilitiesAndNetwork() {
        assertEquals("sys_admin", find(null, rule("deny capability", w("sys_admin")), rule("capability", w("sys_admin"))).get(0).lost());
        assertTrue(find(null, rule("deny capability", w("sys_admin")), rule("capability", w("chown"))).isEmpty());
        assertTrue(find(null, rule("deny network", w("inet")), rule("network", w("inet"), w("stream"))).get(0).complete());
        assertTrue(find(null, rule("deny network", w("inet6")), rule("network", w("inet"), w("stream"))).isEmpty());
    }
}
