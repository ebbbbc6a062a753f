package se.samverkan.notification.items;

import se.samverkan.platform.problem.ClientProblem;

/** A page of an inbox as asked for, counted from 0; anything outside the bounds is the caller's mistake (400). */
public record PageRequest(int page, int size) {

    public static final int MAX_SIZE = 100;

    public PageRequest {
        if (page < 0) {
            throw ClientProblem.badRequest("invalid-page", "page must be 0 or more (it counts from 0); got " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw ClientProblem.badRequest("invalid-page-size", "size must be between 1 and " + MAX_SIZE + "; got " + size);
        }
    }

    public long offset() {
        return (long) page * size;
    }
}
