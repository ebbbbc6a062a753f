package se.samverkan.cases.core;

/** The body of a write that takes none, so its Idempotency-Key is checked like any other ({@code {}}). */
public record Empty() {
}
