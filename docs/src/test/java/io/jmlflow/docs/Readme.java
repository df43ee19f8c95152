package io.jmlflow.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The README as the tests read it: its fenced blocks (with the section they are in) and its name blocks. */
record Readme(String text) {
    /** A fenced block: its info string ({@code ""} for a command), its lines, the {@code ## } section holding it. */
    record Block(String info, List<String> lines, String section) {
    }

    /**
     * The backticked names between {@code <!-- names-of: RUN -->} and {@code <!-- end -->}, which a run must hold.
     * Before a table, {@code <!-- names-of: A | B -->} gives each column after the first its run (header row left out).
     */
    record Names(String run, List<String> names) {
    }

    private static final Pattern NAMES_BLOCK = Pattern.compile("<!-- names-of: ([^>]+?) -->\\n(.*?)<!-- end -->", Pattern.DOTALL);
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

    static Readme read() {
        try {
            return new Readme(Files.readString(Scripts.root().resolve("README.md")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Block> blocks() {
        List<Block> blocks = new ArrayList<>();
        String section = "";
        List<String> open = null;
        String info = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (open == null && raw.startsWith("## ")) section = raw.substring(3).strip();
            if (line.startsWith("```")) {
                if (open == null) {
                    open = new ArrayList<>();
                    info = line.substring(3).strip();
                } else {
                    blocks.add(new Block(info, open, section));
                    open = null;
                }
            } else if (open != null) {
                open.add(line);
            }
        }
        return blocks;
    }

    List<Names> names() {
        List<Names> out = new ArrayList<>();
        Matcher m = NAMES_BLOCK.matcher(text);
        while (m.find()) {
            String[] runs = m.group(1).split("\\|");
            if (runs.length == 1) {
                out.add(new Names(runs[0].strip(), backticked(m.group(2))));
                continue;
            }
            List<List<String>> columns = new ArrayList<>();
            for (String ignored : runs) columns.add(new ArrayList<>());
            String[] rows = m.group(2).strip().split("\n");
            for (int r = 2; r < rows.length; r++) {  // after the header and |---|
                String[] cells = rows[r].split("\\|");  // "", label, run 1, run 2, ...
                for (int c = 0; c < runs.length; c++) columns.get(c).addAll(backticked(cells[c + 2]));
            }
            for (int c = 0; c < runs.length; c++) out.add(new Names(runs[c].strip(), columns.get(c)));
        }
        return out;
    }

    private static List<String> backticked(String s) {
        List<String> names = new ArrayList<>();
        Matcher m = BACKTICKED.matcher(s);
        while (m.find()) names.add(m.group(1));
        return names;
    }
}
