/** Adds a title and row/column labels around a grid PNG: a small SVG rasterized by resvg. */
import { svgToPng } from "../render/rasterize";
import type { ComposedGrid } from "./gridPng";

/** Labels around the grid. */
export interface GridLabels {
  title?: string;
  rowLabels?: string[];
  colLabels?: string[];
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Rough width of a label in DejaVu Sans at `size` px (used to size the left margin). */
function textWidth(text: string, size: number): number {
  return text.length * size * 0.62;
}

/** The grid with labels as SVG markup (the grid embedded as a PNG data URL, drawn 1:1). */
export function labelledGridSvg(grid: ComposedGrid, gap: number, labels: GridLabels, rows: number, cols: number): string {
  const fontSize = 13;
  const rowLabels = labels.rowLabels ?? [];
  const colLabels = labels.colLabels ?? [];
  const left = rowLabels.length ? Math.ceil(Math.max(...rowLabels.map((l) => textWidth(l, fontSize)))) + 10 : 0;
  const titleHeight = labels.title ? fontSize + 12 : 0;
  const top = titleHeight + (colLabels.length ? fontSize + 8 : 0);
  const width = left + grid.width;
  const height = top + grid.height;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
  ];
  if (labels.title) {
    parts.push(`<text x="${left + gap}" y="${fontSize + 4}" font-family="sans-serif" font-size="${fontSize + 1}" font-weight="bold" fill="#000">${escapeXml(labels.title)}</text>`);
  }
  const cellWidth = grid.cellWidth;
  colLabels.forEach((label, c) => {
    if (c >= cols) return;
    const x = left + gap + c * cellWidth + (grid.tilesPerImage * (grid.tileWidth + gap) - gap) / 2;
    parts.push(`<text x="${x}" y="${top - 6}" text-anchor="middle" font-family="sans-serif" font-size="${fontSize}" fill="#000">${escapeXml(label)}</text>`);
  });
  rowLabels.forEach((label, r) => {
    if (r >= rows) return;
    const y = top + gap + r * (grid.tileHeight + gap) + grid.tileHeight / 2 + fontSize / 3;
    parts.push(`<text x="${left - 6}" y="${y}" text-anchor="end" font-family="sans-serif" font-size="${fontSize}" fill="#000">${escapeXml(label)}</text>`);
  });
  parts.push(
    `<image x="${left}" y="${top}" width="${grid.width}" height="${grid.height}" image-rendering="optimizeSpeed" xlink:href="data:image/png;base64,${grid.png.toString("base64")}"/>`,
    "</svg>",
  );
  return parts.join("");
}

/** The grid PNG with labels drawn around it (resvg), or the plain grid when there are no labels. */
export function labelledGridPng(grid: ComposedGrid, gap: number, labels: GridLabels, rows: number, cols: number): Buffer {
  if (!labels.title && !labels.rowLabels?.length && !labels.colLabels?.length) return grid.png;
  return svgToPng(labelledGridSvg(grid, gap, labels, rows, cols), 1);
}
