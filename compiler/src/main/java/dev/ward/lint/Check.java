package dev.ward.lint;

/** One family of lint rules. */
interface Check {
    void run(LintContext ctx);
}
