package io.lethe.erasure;

/** A request the registry refuses; {@code param} names the field (e.g. {@code subject.phones[1]}). */
public final class InvalidErasureException extends RuntimeException {

    private final String param;

    public InvalidErasureException(String param, String message) {
        super(message);
        this.param = param;
    }

    public String param() {
        return param;
    }
}
