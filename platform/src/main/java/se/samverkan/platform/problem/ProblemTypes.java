package se.samverkan.platform.problem;

import java.net.URI;

public final class ProblemTypes {

    public static final String BASE = "https://samverkan.se/problems/";

    private ProblemTypes() {
    }

    public static URI of(String code) {
        return URI.create(BASE + code);
    }
}
