import dev.ward.diag.Diagnostics;
import dev.ward.ir.Arch;
import dev.ward.resolve.PolicyLoader;
import dev.ward.seccomp.BpfCompiler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the x86_64 seccomp program ward run installs for a profile, for bwrap --seccomp:
 * java -cp cli/target/ward.jar runtime/bench/DumpFilter.java FILE PROFILE OUT.bpf
 */
public class DumpFilter {
    public static void main(String[] args) throws Exception {
        Diagnostics d = new Diagnostics();
        var loaded = PolicyLoader.load(List.of(Path.of(args[0])), d);
        var profile = loaded.policy().profile(args[1]).orElseThrow();
        byte[] program = BpfCompiler.compile(profile, Arch.X86_64, d).toBytes();
        if (d.hasErrors()) throw new IllegalStateException(d.all().toString());
        Files.write(Path.of(args[2]), program);
    }
}
