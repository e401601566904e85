package dev.ward.runtime;

import static org.junit.jupiter.api.Assertions.*;

import dev.ward.ir.AppArmor;
import dev.ward.ir.AppArmorRule;
import dev.ward.ir.Origin;
import dev.ward.ir.Profile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run does about AppArmor, on a host without it (this one) and, through a securityfs directory written
 * here, on one with it: refuse an untrusted profile that needs it, warn once for a trusted one, request the
 * loaded profile by the engines' name.
 */
class AppArmorHostTest {
    static final AppArmor DENY_MOUNT = new AppArmor(true, List.of(new AppArmorRule(Set.of(AppArmorRule.Qualifier.DENY),
            "mount", List.of(), Origin.NONE)), Origin.NONE);

    @TempDir
    Path securityfs;

    @Test
    void withoutAppArmorAnUntrustedProfileWithABlockIsRefusedATrustedOneWarned() throws RunFailure {
        AppArmorHost off = new AppArmorHost(false, securityfs);
        Profile untrusted = TestProfiles.profile("web").apparmor(DENY_MOUNT).build();
        RunFailure f = assertThrows(RunFailure.class, () -> off.decide(untrusted));
        assertEquals(1, f.exitCode());
        assertTrue(AppArmorHost.requires(untrusted));
        Profile trusted = TestProfiles.profile("db").apparmor(DENY_MOUNT).trusted().build();
        assertFalse(AppArmorHost.requires(trusted));
        AppArmorHost.Decision d = off.decide(trusted);
        assertEquals(new AppArmorHost.Decision.Skip(Optional.of("AppArmor is not enabled on this host; trusted "
                + "profile db runs without its AppArmor profile")), d);
        // Unprivileged: root is an unprivileged host id, AppArmor an extra layer.
        Profile unprivileged = TestProfiles.profile("app").idmap(300000, 65536).build();
        assertFalse(AppArmorHost.requires(unprivileged));
        assertEquals(new AppArmorHost.Decision.Skip(Optional.of("AppArmor is not enabled on this host; "
                + "unprivileged profile app runs without its AppArmor profile")), off.decide(unprivileged));
        assertEquals(new AppArmorHost.Decision.Skip(Optional.empty()), off.decide(TestProfiles.profile("x").build()));
    }

    @Test
    void withAppArmorTheLoadedProfileIsRequested() throws Exception {
        AppArmorHost on = new AppArmorHost(true, securityfs);
        Files.writeString(securityfs.resolve("profiles"), "ward-web (enforce)\nlxc-container-default (enforce)\n");
        Profile web = TestProfiles.profile("web").apparmor(DENY_MOUNT).build();
        assertEquals(new AppArmorHost.Decision.Confine("ward-web"), on.decide(web));
        Profile other = TestProfiles.profile("api").apparmor(DENY_MOUNT).build();
        RunFailure f = assertThrows(RunFailure.class, () -> on.decide(other));
        assertTrue(f.getMessage().startsWith("AppArmor profile ward-api is not loaded"), f.getMessage());
        Profile unconfined = TestProfiles.profile("u").apparmor(new AppArmor(true, List.of(new AppArmorRule(
                Set.of(), "unconfined", List.of(), Origin.NONE)), Origin.NONE)).build();
        assertEquals(new AppArmorHost.Decision.Skip(Optional.empty()), on.decide(unconfined));
    }
}
