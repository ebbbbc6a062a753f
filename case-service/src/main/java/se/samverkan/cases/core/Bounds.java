package se.samverkan.cases.core;

/**
 * Bounds shared by the request records of every feature (issue 10, item 7): the body cap of the platform stops a huge
 * request, these stop a huge field, so no event grows past what Kafka takes.
 */
public final class Bounds {

    public static final int ID_NUMBER = 20;
    public static final int CODE = 64;
    public static final int USER_ID = 100;
    public static final int TEAM = 50;

    private Bounds() {
    }
}
