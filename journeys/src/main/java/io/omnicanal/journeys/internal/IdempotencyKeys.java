package io.omnicanal.journeys.internal;

/** The one place the idempotency key of a message is spelt (see {@code Action#idempotencyKey()}). Not part of the API. */
public final class IdempotencyKeys {
    private IdempotencyKeys() {
    }

    /**
     * {@code journey/version/profile/entry/step}, followed by {@code #pass} from a stay's second pass
     * through the step on.
     *
     * @return the key
     */
    public static String of(String journey, int version, String step, long profile, int entry, int pass) {
        String key = journey + "/" + version + "/" + profile + "/" + entry + "/" + step;
        return pass == 1 ? key : key + "#" + pass;
    }
}
