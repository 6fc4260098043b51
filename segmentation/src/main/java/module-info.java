/** Omnicanal Segmentation: Rule-based segments, RFM and lifecycle stages, evaluated in batch and in real time. */
module io.omnicanal.segmentation {
    requires it.unimi.dsi.fastutil;
    requires roaringbitmap;
    requires com.fasterxml.jackson.databind;

    exports io.omnicanal.segmentation;
}
