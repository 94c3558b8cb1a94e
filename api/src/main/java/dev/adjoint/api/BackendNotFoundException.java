package dev.adjoint.api;

/** Thrown when the backend a user asked for is unknown or cannot run here; the message lists those that can. */
public final class BackendNotFoundException extends RuntimeException {
    public BackendNotFoundException(String message) {
        super(message);
    }
}
