package io.lethe.evidence;

import io.restassured.http.ContentType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import static io.restassured.RestAssured.given;

/** Erased values unique to one test run, registered through the admin API, and a log line catcher. */
final class Planted {

    final String erasureId;
    final String name;
    final String email;
    private Planted(String erasureId, String name, String email) {
        this.erasureId = erasureId;
        this.name = name;
        this.email = email;
    }

    static Planted register(long seed) {
        Random r = new Random(seed);
        String first = word(r);
        String last = word(r);
        String email = first.toLowerCase(Locale.ROOT) + "." + last.toLowerCase(Locale.ROOT) + "@example.org";
        String id = "ev-" + Long.toHexString(r.nextLong() & Long.MAX_VALUE);
        given().header("Authorization", "Bearer test-admin-token").contentType(ContentType.JSON)
                .body("{\"id\":\"" + id + "\",\"subject\":{\"names\":[\"" + first + " " + last + "\"],\"emails\":[\""
                        + email + "\"]},\"action\":\"redact\"}")
                .post("/admin/v1/erasures").then().statusCode(201);
        return new Planted(id, first + " " + last, email);
    }

    private static String word(Random r) {
        StringBuilder sb = new StringBuilder().append((char) ('A' + r.nextInt(26)));
        for (int i = 0; i < 7; i++) {
            sb.append((char) ('a' + r.nextInt(26)));
        }
        return sb.toString();
    }

    /** A text that leaks the name and the e-mail. */
    String leakingText(int i) {
        return "Answer " + i + ": " + name + " can be reached at " + email + ".";
    }

    /** The values, and the parts of them long enough to identify them, that must appear nowhere. */
    List<String> forbidden() {
        List<String> out = new ArrayList<>(List.of(name, email));
        for (String part : name.split(" ")) {
            out.add(part);
        }
        out.add(email.substring(0, email.indexOf('@')));
        return out;
    }

    /** Collects every log line written while installed (root logger). */
    static final class LogCatcher extends Handler implements AutoCloseable {
        final StringBuffer text = new StringBuffer();
        private final SimpleFormatter fmt = new SimpleFormatter();

        static LogCatcher install() {
            LogCatcher c = new LogCatcher();
            java.util.logging.Logger.getLogger("").addHandler(c);
            return c;
        }

        @Override
        public void publish(LogRecord r) {
            String msg = r instanceof org.jboss.logmanager.ExtLogRecord e ? e.getFormattedMessage() : fmt.formatMessage(r);
            text.append(r.getLoggerName()).append(' ').append(msg).append('\n');
            if (r.getThrown() != null) {
                text.append(r.getThrown()).append('\n');
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            java.util.logging.Logger.getLogger("").removeHandler(this);
        }
    }
}
