/** Sizes and colours shared by the figures, so every lesson's figures look alike. */

/** The book's histogram strips are 8 × 2.5 inches: wide and short. Plot area in pixels. */
export const STRIP = { width: 640, height: 200 } as const;

/** The book draws heat maps of q(z_t | x) square (6 × 6 inches). Plot area in pixels. */
export const SQUARE = { width: 400, height: 400 } as const;

/** Line colours for up to five trajectories, in the book's order (r, g, b, c, m), then more. */
export const TRAJECTORY_COLORS = ["#d62728", "#2ca02c", "#1f77b4", "#17becf", "#c51bc5", "#ff7f0e", "#8c564b", "#7f7f7f"] as const;

/** Bar colour of histograms. */
export const HISTOGRAM_COLOR = "#4c78a8";

/** Colour of the true pdf drawn over histograms (the book draws it in red). */
export const PDF_COLOR = "#d62728";

/** Colour of the ±2σ curves on heat maps (the book's yellow dashes). */
export const BAND_COLOR = "#f5d000";
