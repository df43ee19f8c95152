package io.jmlflow.docs;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the README says a user gets is what the runs hold; its top keeps the two commands. */
class ReadmeTest {
    private static final String TWO_COMMANDS = "The two commands";
    /** What the README abbreviates (run ids) or what may differ in its last digits (scores of a parallel training). */
    private static final Pattern VARIABLE = Pattern.compile("[0-9a-f]{8}\\.\\.\\.|\\b0\\.[0-9]{4}\\b");

    @Test
    void readmeKeepsExactlyTwoCommandsAtItsTop() {
        List<Readme.Block> blocks = Readme.read().blocks();
        List<List<String>> commands = new ArrayList<>();
        for (Readme.Block b : blocks) {
            boolean command = b.info().isEmpty() || b.info().equals("bash") || b.info().equals("sh");
            if (command && (commands.size() < 2 || b.section().equals(TWO_COMMANDS))) commands.add(b.lines());
        }
        assertEquals(List.of(List.of("bash scripts/run-sample.sh"), List.of("bash scripts/test.sh")), commands,
                "the README's first commands, and every command in its '" + TWO_COMMANDS + "'");
        assertTrue(blocks.get(0).section().equals(TWO_COMMANDS), "no block comes before the two commands");
    }

    @Test
    void theMainJobsOutputInTheReadmeIsWhatItPrints() {
        Readme.Block shown = Readme.read().blocks().stream()
                .filter(b -> b.section().equals(TWO_COMMANDS) && b.info().equals("text")).findFirst().orElseThrow();
        List<String> printed = SampleRuns.script("smile").output().lines();
        for (String line : shown.lines()) {
            StringBuilder regex = new StringBuilder();
            int at = 0;
            var m = VARIABLE.matcher(line);
            while (m.find()) {
                // Smile counts the out-of-bag votes of its parallel trees without locking: a rare lost count moves
                // that score in its last digits; the forest itself is seeded and the same everywhere.
                String any = m.group().endsWith("...") ? "[0-9a-f]{32}" : "[01]\\.[0-9]{4}";
                regex.append(Pattern.quote(line.substring(at, m.start()))).append(any);
                at = m.end();
            }
            Pattern p = Pattern.compile(regex.append(Pattern.quote(line.substring(at))).toString());
            assertTrue(printed.stream().anyMatch(l -> p.matcher(l).matches()),
                    "the README shows\n  " + line + "\nbut the main job printed\n  " + String.join("\n  ", printed));
        }
    }

    @Test
    void everyNameTheReadmeShowsIsInTheRunItDescribes() {
        List<Readme.Names> blocks = Readme.read().names();
        assertEquals(Set.of("sklearn", "smile", "annotations"),
                Set.copyOf(blocks.stream().map(Readme.Names::run).toList()), "the README's name blocks");
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Readme.Names block : blocks) {
            SampleRuns.Sample sample = block.run().equals("sklearn") ? SampleRuns.sklearn() : SampleRuns.script(block.run());
            Set<String> held = sample.run().names();
            for (String name : block.names()) {
                checked++;
                if (!held.contains(name)) missing.add("`" + name + "` (README, " + block.run() + ") is not in that run, which holds " + held);
            }
        }
        assertTrue(missing.isEmpty(), String.join("\n", missing));
        assertTrue(checked >= 50, "only " + checked + " names found to check: are the README's name blocks intact?");
    }
}
