/**
 * Which MIME types a figure renders. While `dl4ds grade` runs a submission (DL4DS_GRADING=1 in the kernel), nobody
 * looks at the pictures: a figure sends only its spec (which JupyterLab draws when the instructor opens the graded
 * notebook) and its one-line description, and skips rendering SVG/PNG/HTML. DL4DS_GRADING_FIGURES=full (what
 * `dl4ds grade --full-figures` sets) renders them anyway.
 */
import { readSetting } from "../../config";

/**
 * True when figures should send only their spec and description. DL4DS_FIGURES=spec asks for that always: the
 * browser kernel (lite/) sets it, since JupyterLite draws the specs and the SVG/PNG renderers need Node.
 */
export function specOnlyFigures(env: NodeJS.ProcessEnv = process.env): boolean {
  if (readSetting("figures", env) === "spec") return true;
  return readSetting("grading", env) && readSetting("gradingFigures", env) !== "full";
}
