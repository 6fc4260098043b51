/** Omnicanal Journeys: Permanent campaigns reacting to behaviour: next best action and channel, pressure caps, redundancy rules. */
module io.omnicanal.journeys {
    requires it.unimi.dsi.fastutil;
    requires com.fasterxml.jackson.databind;

    exports io.omnicanal.journeys;
}
