package dev.ward.seccomp;

import dev.ward.ir.Action;
import dev.ward.ir.Condition;
import dev.ward.ir.Origin;
import dev.ward.ir.SeccompRule;
import java.util.ArrayList;
import java.util.List;

/**
 * What one syscall of one ABI gets, as a function of its arguments: the steps in order (the first whose
 * condition holds decides), else {@code otherwise}. Normalized, so that two syscalls deciding alike have
 * equal decisions: conditions folded, consecutive steps with one action merged, trailing steps that change
 * nothing dropped. A decision without steps does not depend on the arguments.
 */
record Decision(List<Step> steps, Action otherwise) {
    /** {@code if (condition) return action}; origin is where the rule was written (not part of equality). */
    record Step(Condition condition, Action action, SeccompRule rule) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Step s && s.condition.equals(condition) && s.action.equals(action);
        }

        @Override
        public int hashCode() {
            return condition.hashCode() * 31 + action.hashCode();
        }

        Origin origin() {
            return rule.origin();
        }
    }

    Decision {
        steps = List.copyOf(steps);
    }

    static Decision constant(Action action) {
        return new Decision(List.of(), action);
    }

    boolean isConstant() {
        return steps.isEmpty();
    }

    /** The decision of the rules that mention one syscall, in match order, with the profile's default. */
    static Decision of(List<SeccompRule> rules, Action defaultAction, boolean narrow) {
        List<Step> steps = new ArrayList<>();
        Action otherwise = defaultAction;
        for (SeccompRule rule : rules) {
            Conditions.Folded folded = rule.condition().isEmpty() ? Conditions.Folded.TRUE
                    : Conditions.fold(rule.condition().get(), narrow);
            if (folded.isTrue()) {
                otherwise = rule.action();
                break;
            }
            if (folded.isFalse()) {
                if (rule.elseAction().isPresent()) {
                    otherwise = rule.elseAction().get();
                    break;
                }
                continue;
            }
            addStep(steps, new Step(folded.condition(), rule.action(), rule));
            if (rule.elseAction().isPresent()) {
                otherwise = rule.elseAction().get();
                break;
            }
        }
        while (!steps.isEmpty() && steps.get(steps.size() - 1).action().equals(otherwise)) {
            steps.remove(steps.size() - 1);
        }
        return new Decision(steps, otherwise);
    }

    private static void addStep(List<Step> steps, Step step) {
        int last = steps.size() - 1;
        if (last >= 0 && steps.get(last).action().equals(step.action())) {
            Step prev = steps.get(last);
            Condition merged = Conditions.gatherEqualities(new Condition.Or(prev.condition(), step.condition()));
            steps.set(last, new Step(merged, step.action(), prev.rule()));
        } else {
            steps.add(step);
        }
    }
}
