/** Omnicanal Identity: Stitches identifiers seen on every channel and device into one stable profile per person. */
module io.omnicanal.identity {
    requires it.unimi.dsi.fastutil;
    requires libphonenumber;

    exports io.omnicanal.identity;
}
