/**
 * Which MIME types a figure renders. While `dl4ds grade` runs a submission (DL4DS_GRADING=1 in the kernel), nobody
 * looks at the pictures: a figure sends only its spec (which JupyterLab draws when the instructor opens the graded
 * notebook) and its one-line description, and skips rendering SVG/PNG/HTML. DL4DS_GRADING_FIGURES=full renders
 * them anyway.
 */

/**
 * True when figures should send only their spec and description. DL4DS_FIGURES=spec asks for that always: the
 * browser kernel (lite/) sets it, since JupyterLite draws the specs and the SVG/PNG renderers need Node.
 */
export function specOnlyFigures(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.DL4DS_FIGURES === "spec") return true;
  return env.DL4DS_GRADING === "1" && env.DL4DS_GRADING_FIGURES !== "full";
}
