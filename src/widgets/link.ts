/** jslink: keeps two widget attributes equal in the browser, without a round trip to the kernel. */
import { controlsSpec, Widget, WidgetArgumentError } from "./widget";

/** A (widget, attribute) pair, e.g. [play, "value"]. */
export type LinkEnd = readonly [Widget, string];

/** The LinkModel the frontend runs (no view). */
export class Link extends Widget {
  constructor(source: LinkEnd, target: LinkEnd) {
    super(controlsSpec("LinkModel", null), { source: [...source], target: [...target] });
  }
}

function checkEnd(which: string, end: unknown): LinkEnd {
  if (!Array.isArray(end) || end.length !== 2 || !(end[0] instanceof Widget) || typeof end[1] !== "string") {
    throw new WidgetArgumentError("jslink", `${which} must be [widget, "attribute"], e.g. [play, "value"]`);
  }
  if (end[0].get(end[1]) === undefined) throw new WidgetArgumentError("jslink", `${end[0].constructor.name} has no attribute "${end[1]}" to link`);
  return end as unknown as LinkEnd;
}

/** Links `source` to `target` in the frontend (both ways), as ipywidgets.jslink. */
export function jslink(source: LinkEnd, target: LinkEnd): Link {
  return new Link(checkEnd("source", source), checkEnd("target", target));
}
