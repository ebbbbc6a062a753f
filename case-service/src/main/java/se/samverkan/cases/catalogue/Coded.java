package se.samverkan.cases.catalogue;

/**
 * A code as a command takes it: the national code of its vocabulary and, when the caller chose one, the
 * municipality's own code under it ({@code local}, else null).
 */
public record Coded<E extends Enum<E>>(E national, String local) {
}
