package io.lethe.rules;

/** A rules file that cannot be used: which file, which line (0 when unknown), and why. */
public final class RulesException extends RuntimeException {

    private final String file;
    private final int line;
    private final String reason;

    public RulesException(String file, int line, String reason) {
        super(file + (line > 0 ? ":" + line : "") + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
