/** Checks on the vega-lite figures of executed lessons. */
export type Enc = { field?: string; title?: unknown; scale?: { domain?: unknown } };
export type Spec = { layer?: Spec[]; concat?: Spec[]; hconcat?: Spec[]; vconcat?: Spec[]; data?: { values?: Array<Record<string, unknown>> }; encoding?: Record<string, Enc> };

/**
 * What is wrong with a vega-lite spec: data of any layer (bars, curves, overlays) outside the chart's fixed axis
 * range, or an axis without a real title (none, or the bare field names "name" / "value").
 */
export function figureProblems(spec: Spec): string[] {
  const problems: string[] = [];
  for (const child of [...(spec.concat ?? []), ...(spec.hconcat ?? []), ...(spec.vconcat ?? [])]) problems.push(...figureProblems(child));
  const layers = spec.layer ?? (spec.encoding ? [spec] : []);
  for (const channel of ["x", "y"]) {
    const encs = layers.map((l) => l.encoding?.[channel]).filter((e): e is Enc => e !== undefined && e.field !== undefined);
    if (encs.length === 0) continue;
    const title = encs.find((e) => e.title !== undefined)?.title ?? encs[0].field;
    if (title === null || title === "" || title === "name" || title === "value") problems.push(`the ${channel} axis is titled ${JSON.stringify(title)}`);
    const domain = encs.find((e) => Array.isArray(e.scale?.domain))?.scale?.domain as unknown[] | undefined;
    if (!domain || typeof domain[0] !== "number") continue;
    const [lo, hi] = domain as number[];
    for (const layer of layers) {
      const field = layer.encoding?.[channel]?.field;
      const second = layer.encoding?.[`${channel}2`]?.field;
      for (const row of layer.data?.values ?? []) {
        for (const f of [field, second]) {
          const v = f === undefined ? undefined : row[f];
          if (typeof v === "number" && (v < lo - 1e-9 || v > hi + 1e-9)) problems.push(`${channel} = ${v} lies outside the axis range [${lo}, ${hi}]`);
        }
      }
    }
  }
  return [...new Set(problems)].slice(0, 3);
}

