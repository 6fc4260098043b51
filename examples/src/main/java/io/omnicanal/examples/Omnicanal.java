package io.omnicanal.examples;

/** Command-line entry point of the end-to-end pipeline. */
public final class Omnicanal {
    private Omnicanal() {}

    /**
     * Runs the command line.
     *
     * @param args the command-line arguments
     */
    public static void main(String[] args) {
        System.out.println("omnicanal");
    }
}
