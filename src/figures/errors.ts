/** Thrown when a figure function gets input it cannot draw (wrong type, empty, NaN, mismatched lengths). */
export class FigureInputError extends Error {
  constructor(figure: string, message: string) {
    super(`${figure}: ${message}`);
    this.name = "FigureInputError";
  }
}
