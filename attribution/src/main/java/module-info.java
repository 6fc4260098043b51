/** Omnicanal Attribution: Multi-touch attribution models (heuristics, Markov, Shapley) and return on marketing spend. */
module io.omnicanal.attribution {
    requires it.unimi.dsi.fastutil;
    requires com.fasterxml.jackson.databind;

    exports io.omnicanal.attribution;
}
